// Fast field conversion; see field_reader.hpp. Every "no" here is worded by
// parse_field() (profile_fields.cpp), which stays the definition of a field.

#include "field_reader.hpp"

#include <charconv>
#include <limits>

#include "common/utf8.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {
namespace {

element_type narrowest(const input_rule& rule) {
    if (rule.kind == type_kind::string) return element_type::i8;  // never read: only whether assessed
    if (rule.lo >= INT8_MIN && rule.hi <= INT8_MAX) return element_type::i8;
    if (rule.lo >= INT16_MIN && rule.hi <= INT16_MAX) return element_type::i16;
    if (rule.lo >= INT32_MIN && rule.hi <= INT32_MAX) return element_type::i32;
    return element_type::i64;
}

// ASCII case-insensitive comparison with a lower-case word.
bool equals_lower(std::string_view text, std::string_view word) noexcept {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != word[i]) return false;
    }
    return true;
}

// A whole number as parse_value reads it: saturating beyond int64.
bool whole_number(std::string_view s, std::int64_t& v) noexcept {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || end != s.data() + s.size()) return false;
    if (ec == std::errc::result_out_of_range) {
        v = s.front() == '-' ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
        return true;
    }
    return ec == std::errc();
}

}  // namespace

field_reader::field_reader(const plan& p, std::size_t input)
    : kind_(p.rules().type_of(p.inputs()[input]).kind),
      rule_(input_rule_for(p.rules(), p.inputs()[input])),
      column_type_(narrowest(rule_)) {
    const type_info& t = p.rules().type_of(p.inputs()[input]);
    // Names first, then labels: the order parse_value looks them up in.
    for (std::size_t k = 0; k < t.value_names.size(); ++k) names_.emplace_back(t.value_names[k], t.lo + static_cast<std::int64_t>(k));
    for (std::size_t k = 0; k < t.value_labels.size(); ++k) names_.emplace_back(t.value_labels[k], t.lo + static_cast<std::int64_t>(k));
    // A level whose name or label is one digit must look names up first.
    for (const auto& entry : names_)
        if (entry.first.size() == 1 && entry.first[0] >= '0' && entry.first[0] <= '9') digit_names_ = true;
    one_digit_ = kind_ == type_kind::level && !digit_names_;
}

bool field_reader::read_value(std::string_view text, std::int64_t& v) const noexcept {
    switch (kind_) {
        case type_kind::boolean:
            if (text == "true") v = 1;  // the common spellings first
            else if (text == "false") v = 0;
            else if (equals_lower(text, "true") || equals_lower(text, "ja") || text == "1") v = 1;
            else if (equals_lower(text, "false") || equals_lower(text, "nej") || text == "0") v = 0;
            else return false;
            return true;
        case type_kind::date: {
            const auto d = read_iso_date(text);
            if (!d) return false;
            v = *d;
            return true;
        }
        case type_kind::integer: return whole_number(text, v);
        case type_kind::level:
            if (text.size() == 1 && text[0] >= '0' && text[0] <= '9' && !digit_names_) {
                v = text[0] - '0';
                return true;
            }
            [[fallthrough]];
        case type_kind::enumeration:
            for (const auto& [name, value] : names_)
                if (name == text) {
                    v = value;
                    return true;
                }
            return kind_ == type_kind::level && whole_number(text, v);
        case type_kind::string: return false;
    }
    return false;
}

bool field_reader::read_any_text(std::string_view text, std::int64_t& value, bool& assessed) const noexcept {
    value = 0;
    if (text.empty() || text == "ikke_vurderet") {
        assessed = false;
        return !rule_.required;
    }
    assessed = true;
    if (kind_ == type_kind::string) return !first_invalid_utf8(text);
    return read_value(text, value) && check_input(rule_, true, value) == input_problem::none;
}

bool field_reader::read_number(std::int64_t number) const noexcept {
    const bool numeric = kind_ == type_kind::integer || kind_ == type_kind::level || kind_ == type_kind::boolean;
    return numeric && check_input(rule_, true, number) == input_problem::none;
}

}  // namespace trappe::detail
