// The fast path of json_plain_line.hpp: a scanner for flat objects that gives up
// on anything unusual instead of wording it, with no JSON value built.

#include "json_plain_line.hpp"

#include <cstdint>
#include <vector>

#include "trappe/eval/profile_reader.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {
namespace {

class scanner {
public:
    explicit scanner(std::string_view text) : s_(text) {}

    void skip_space() {
        while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\t' || s_[at_] == '\r' || s_[at_] == '\n')) ++at_;
    }
    bool take(char c) {
        skip_space();
        if (at_ < s_.size() && s_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }
    [[nodiscard]] bool at_end() {
        skip_space();
        return at_ == s_.size();
    }
    [[nodiscard]] char peek() {
        skip_space();
        return at_ < s_.size() ? s_[at_] : '\0';
    }
    // A string of printable ASCII without escapes (the opening quote is next).
    bool plain_string(std::string_view& out) {
        if (!take('"')) return false;
        const std::size_t start = at_;
        while (at_ < s_.size()) {
            const auto c = static_cast<unsigned char>(s_[at_]);
            if (c == '"') {
                out = s_.substr(start, at_ - start);
                ++at_;
                return true;
            }
            if (c == '\\' || c < 0x20 || c > 0x7E) return false;
            ++at_;
        }
        return false;
    }
    // A literal (true, false, null) or a JSON integer: '-'? and digits without a leading zero.
    bool word(std::string_view& out) {
        skip_space();
        const std::size_t start = at_;
        if (s_.compare(at_, 4, "true") == 0 || s_.compare(at_, 4, "null") == 0) at_ += 4;
        else if (s_.compare(at_, 5, "false") == 0) at_ += 5;
        else {
            if (at_ < s_.size() && s_[at_] == '-') ++at_;
            const std::size_t digits = at_;
            while (at_ < s_.size() && s_[at_] >= '0' && s_[at_] <= '9') ++at_;
            if (at_ == digits || (s_[digits] == '0' && at_ - digits > 1)) return false;
            if (at_ < s_.size() && (s_[at_] == '.' || s_[at_] == 'e' || s_[at_] == 'E')) return false;
        }
        out = s_.substr(start, at_ - start);
        return true;
    }

private:
    std::string_view s_;
    std::size_t at_ = 0;
};

// The input named `key`, trying the one after the previous key first: lines
// written by a program keep one order.
std::optional<std::size_t> find_input(const plan& p, std::string_view key, std::size_t guess) {
    const auto inputs = p.inputs();
    if (guess < inputs.size() && p.rules().symbols[inputs[guess]].name == key) return guess;
    return p.input_index(key);
}

}  // namespace

std::optional<profile> read_plain_json_line(const plan& p, std::string_view line) {
    scanner in(line);
    if (!in.take('{')) return std::nullopt;
    profile values(p);
    const program& rules = p.rules();
    std::vector<bool> seen(p.inputs().size(), false);
    std::size_t count = 0, guess = 0;
    std::string_view key, text;
    do {
        if (!in.plain_string(key) || !in.take(':')) return std::nullopt;
        const auto index = find_input(p, key, guess);
        if (!index || seen[*index]) return std::nullopt;
        seen[*index] = true;
        ++count;
        guess = *index + 1;
        const type_kind kind = rules.type_of(p.inputs()[*index]).kind;
        if (in.peek() == '"') {
            // Strings read as the exact reader reads them; an empty one is its error.
            if (!in.plain_string(text) || text.empty()) return std::nullopt;
        } else {
            if (!in.word(text)) return std::nullopt;
            // The JSON types the exact reader takes for each kind (read_scalar in profile_json.cpp).
            const bool literal = text == "true" || text == "false";
            if (text == "null") text = "";
            else if (literal ? kind != type_kind::boolean
                             : kind != type_kind::integer && kind != type_kind::level && kind != type_kind::boolean)
                return std::nullopt;
            if (literal) {
                // Both values of a boolean input are valid, required or not.
                values.set(*index, text == "true" ? 1 : 0);
                continue;
            }
        }
        if (!parse_field(p, *index, text, values).empty()) return std::nullopt;
    } while (in.take(','));
    if (!in.take('}') || !in.at_end() || count != p.inputs().size()) return std::nullopt;
    return values;
}

}  // namespace trappe::detail
