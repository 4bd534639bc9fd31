// The fast path of json_plain_line.hpp: the plain scanner (json_plain_scan.hpp)
// with values taken as the exact reader (profile_json.cpp, read_object) takes them.

#include "json_plain_line.hpp"

#include <cstdint>
#include <vector>

#include "json_plain_scan.hpp"
#include "trappe/eval/input_check.hpp"
#include "trappe/eval/profile_reader.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {
namespace {

// Keys looked for in the plan's order first; nothing learned, nothing built
// beyond the profile, as a line is read once.
class profile_line_reader {
public:
    using field = std::size_t;

    profile_line_reader(const plan& p, profile& values)
        : p_(p), rules_(p.rules()), values_(values), seen_(p.inputs().size(), 0) {}

    [[nodiscard]] std::size_t inputs() const noexcept { return seen_.size(); }
    [[nodiscard]] const char* expected_key(std::size_t position, const char* at, const char* end, field& input) {
        const std::string& name = rules_.symbols[p_.inputs()[position]].name;
        if (static_cast<std::size_t>(end - at) < name.size() + 2 || at[0] != '"' ||
            std::memcmp(at + 1, name.data(), name.size()) != 0 || at[name.size() + 1] != '"')
            return nullptr;
        at = plain_json::skip_space(at + name.size() + 2, end);
        if (at == end || *at != ':') return nullptr;
        input = position;
        return first(position) ? at + 1 : nullptr;
    }
    [[nodiscard]] bool find(std::string_view key, std::size_t, field& input) {
        const std::optional<std::size_t> i = p_.input_index(key);
        if (!i) return false;
        input = *i;
        return first(*i);
    }

    [[nodiscard]] bool null(field i) { return parse_field(p_, i, "", values_).empty(); }
    [[nodiscard]] bool literal(field i, bool value) {
        if (kind(i) != type_kind::boolean) return false;
        values_.set(i, value ? 1 : 0);  // both values of a boolean are valid, required or not
        return true;
    }
    [[nodiscard]] bool number(field i, std::int64_t value) {
        const type_kind k = kind(i);
        if ((k != type_kind::integer && k != type_kind::level && k != type_kind::boolean) ||
            check_input(input_rule_for(rules_, p_.inputs()[i]), true, value) != input_problem::none)
            return false;
        values_.set(i, value);
        return true;
    }
    [[nodiscard]] bool string(field i, std::string_view text) {
        // An empty string is "empty text; use null" for every type but text.
        return (!text.empty() || kind(i) == type_kind::string) && parse_field(p_, i, text, values_).empty();
    }

private:
    [[nodiscard]] type_kind kind(field i) const { return rules_.type_of(p_.inputs()[i]).kind; }
    // Whether input i's key is on the line for the first time.
    [[nodiscard]] bool first(field i) {
        if (seen_[i] != 0) return false;
        seen_[i] = 1;
        return true;
    }

    const plan& p_;
    const program& rules_;
    profile& values_;
    std::vector<std::uint8_t> seen_;  // per input: its key was on the line
};

}  // namespace

std::optional<profile> read_plain_json_line(const plan& p, std::string_view line) {
    profile values(p);
    profile_line_reader reader(p, values);
    if (!plain_json::scan_line(line, reader)) return std::nullopt;
    return values;
}

}  // namespace trappe::detail
