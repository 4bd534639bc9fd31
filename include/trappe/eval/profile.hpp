#pragma once
// One citizen's input values, in the order of plan::inputs().

#include <cstdint>
#include <string>
#include <vector>

namespace trappe {

class plan;

/// Input values for one evaluation. A value is either assessed or "ikke
/// vurderet" (not assessed). Levels and enums hold their ordinal, dates a
/// day_number, booleans 0/1; string inputs hold text.
struct profile {
    std::vector<std::int64_t> values;
    std::vector<std::uint8_t> assessed;
    std::vector<std::string> texts;

    /// An empty profile for `p`: every input not assessed.
    explicit profile(const plan& p);
    profile() = default;

    void set(std::size_t input, std::int64_t value) {
        values[input] = value;
        assessed[input] = 1;
    }
    void set_text(std::size_t input, std::string text) {
        texts[input] = std::move(text);
        assessed[input] = 1;
    }
    void set_unassessed(std::size_t input) { assessed[input] = 0; }
    [[nodiscard]] bool fully_assessed() const noexcept;
};

/// A problem with one input row (error channel 2). Names the row and field,
/// never the value, since profiles are personal data.
struct input_error {
    std::size_t row = 0;  // 1-based data row; 0 when not from a file
    std::string field;    // "" when the row as a whole is malformed
    std::string message;

    /// "row 3, field 'relationer': value out of range 0..4" (see input_check.hpp)
    [[nodiscard]] std::string describe() const;
};

}  // namespace trappe
