// Field conversion shared by the profile readers: text to a value, then the one
// check of input_check.hpp, so every reader words a bad value the same way.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "common/utf8.hpp"
#include "trappe/eval/input_check.hpp"
#include "trappe/eval/profile_reader.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// A whole number; one beyond int64 saturates, so that the range check words it
// like any other out-of-range value instead of calling it "not a number".
std::optional<std::int64_t> parse_integer(std::string_view s) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (end != s.data() + s.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range)
        return s.front() == '-' ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    if (ec != std::errc()) return std::nullopt;
    return v;
}

// A value's name or display label (e.g. "højt" for hoejt).
std::optional<std::int64_t> named_value(const type_info& t, std::string_view text) {
    if (const auto v = t.value_of(std::string(text))) return v;
    for (std::size_t k = 0; k < t.value_labels.size(); ++k)
        if (t.value_labels[k] == text) return t.lo + static_cast<std::int64_t>(k);
    return std::nullopt;
}

}  // namespace

std::string expected_form(const type_info& t) {
    switch (t.kind) {
        case type_kind::boolean: return "expected true/false (or ja/nej, 1/0)";
        case type_kind::date: return "expected a date as YYYY-MM-DD";
        case type_kind::integer: return "expected a whole number";
        case type_kind::level:
            return "expected a level " + std::to_string(t.lo) + ".." + std::to_string(t.hi) + " or its name";
        case type_kind::enumeration: {
            std::string names;
            for (const std::string& n : t.value_names) names += (names.empty() ? "" : ", ") + n;
            return "expected one of: " + names;
        }
        case type_kind::string: return "expected text";
    }
    return "unsupported type";
}

parsed_value parse_value(const type_info& t, std::string_view text) {
    std::optional<std::int64_t> v;
    switch (t.kind) {
        case type_kind::boolean: {
            const std::string b = lower(text);
            if (b == "true" || b == "ja" || b == "1") v = 1;
            else if (b == "false" || b == "nej" || b == "0") v = 0;
            break;
        }
        case type_kind::date:
            if (const auto d = parse_date(text)) v = *d;
            break;
        case type_kind::integer: v = parse_integer(text); break;
        case type_kind::level:
            v = named_value(t, text);
            if (!v) v = parse_integer(text);
            break;
        case type_kind::enumeration: v = named_value(t, text); break;
        case type_kind::string: return {};
    }
    if (!v) return {0, expected_form(t)};
    return {*v, ""};
}

std::string parse_field(const plan& p, std::size_t index, std::string_view text, profile& into) {
    const program& rules = p.rules();
    const symbol_id s = p.inputs()[index];
    const input_rule rule = input_rule_for(rules, s);
    if (text.empty() || text == "ikke_vurderet") {
        into.set_unassessed(index);
        return describe(check_input(rule, false, 0), rule);
    }
    if (rule.kind == type_kind::string) {
        if (detail::first_invalid_utf8(text)) return "is not valid UTF-8 text";
        into.set_text(index, std::string(text));
        return "";
    }
    parsed_value v = parse_value(rules.type_of(s), text);
    if (!v.problem.empty()) return std::move(v.problem);
    if (const input_problem problem = check_input(rule, true, v.value); problem != input_problem::none)
        return describe(problem, rule);
    into.set(index, v.value);
    return "";
}

}  // namespace trappe
