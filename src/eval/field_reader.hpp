#pragma once
// The fast conversion of one field's text to its value, for the columnar readers
// (private). It accepts exactly what parse_field() accepts and gives the same
// value; when it says no, the reader asks parse_field() for the wording, so the
// one wording of every problem stays in one place.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/date_text.hpp"
#include "trappe/checker/input_rule.hpp"
#include "trappe/eval/batch.hpp"

namespace trappe::detail {

class field_reader {
public:
    field_reader(const plan& p, std::size_t input);

    /// A cell's text (CSV) or a JSON string: an empty text or "ikke_vurderet" is
    /// not assessed. True when it is a valid value of the input (read and checked
    /// with check_input); `value` is then the value, or 0 when not assessed. A
    /// string input reads as assessed with value 0 when its text is valid UTF-8.
    [[nodiscard]] bool read_text(std::string_view text, std::int64_t& value, bool& assessed) const noexcept {
        // The common spellings inline: a one-digit level, true and false, a date.
        if (text.size() == 1 && one_digit_ && static_cast<unsigned char>(text[0] - '0') <= 9) {
            value = text[0] - '0';
            assessed = true;
            return value >= rule_.lo && value <= rule_.hi;
        }
        if (kind_ == type_kind::boolean && (text.size() == 4 || text.size() == 5)) {
            if (text.size() == 4 ? std::memcmp(text.data(), "true", 4) == 0 : std::memcmp(text.data(), "false", 5) == 0) {
                value = text.size() == 4 ? 1 : 0;
                assessed = true;
                return true;
            }
        }
        if (kind_ == type_kind::date && text.size() == 10) {
            if (const std::optional<day_number> d = read_iso_date(text)) {
                value = *d;
                assessed = true;
                return value >= rule_.lo && value <= rule_.hi;
            }
        }
        return read_any_text(text, value, assessed);
    }

    /// A JSON number, true/false and null, as the exact JSON reader takes them.
    [[nodiscard]] bool read_number(std::int64_t number) const noexcept;
    [[nodiscard]] bool read_literal() const noexcept { return kind_ == type_kind::boolean; }
    [[nodiscard]] bool read_null() const noexcept { return !rule_.required; }

    /// Whether "0".."9" is read as that level (no value is named by one digit).
    [[nodiscard]] bool one_digit() const noexcept { return one_digit_; }
    /// Whether an assessed value lies in the input's range.
    [[nodiscard]] bool in_range(std::int64_t v) const noexcept { return v >= rule_.lo && v <= rule_.hi; }
    [[nodiscard]] bool is_text() const noexcept { return kind_ == type_kind::string; }
    [[nodiscard]] type_kind kind() const noexcept { return kind_; }
    /// The narrowest column type that holds every valid value.
    [[nodiscard]] element_type column_type() const noexcept { return column_type_; }

private:
    [[nodiscard]] bool read_any_text(std::string_view text, std::int64_t& value, bool& assessed) const noexcept;
    [[nodiscard]] bool read_value(std::string_view text, std::int64_t& value) const noexcept;

    type_kind kind_;
    input_rule rule_;
    element_type column_type_;
    bool digit_names_ = false;
    bool one_digit_ = false;  // a level without one-digit names: "3" is 3
    std::vector<std::pair<std::string, std::int64_t>> names_;  // value names and labels
};

}  // namespace trappe::detail
