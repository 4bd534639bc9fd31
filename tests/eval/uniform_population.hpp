#pragma once
// A population drawn uniformly over the whole input domain of a plan, for tests
// that compare evaluators. It is built from the plan's inputs and their types
// only, so it fits any rule pack; it deliberately contains bad rows.

#include <cstdint>
#include <span>
#include <vector>

#include "trappe/trappe.hpp"

namespace trappe::testing {

/// The value of row r of an input column, whatever its element type.
inline std::int64_t read_cell(const input_column& c, std::size_t r) {
    switch (c.type) {
        case element_type::i8: return static_cast<const std::int8_t*>(c.data)[r];
        case element_type::i16: return static_cast<const std::int16_t*>(c.data)[r];
        case element_type::i32: return static_cast<const std::int32_t*>(c.data)[r];
        case element_type::i64: return static_cast<const std::int64_t*>(c.data)[r];
    }
    return 0;
}

/// Input columns in the order of plan::inputs(), owning their storage.
///
/// Per cell: about 30% of optional items ikke vurderet (and about 1% of required
/// ones, a row error) overall: a fifth of the rows fully assessed, a fifth missing
/// exactly one item, the rest missing each item independently; about 1% of assessed
/// levels, enums, booleans and bounded integers out of range (a row error); the
/// rest uniform over the type.
/// Dates: the as_of input (the assessment date) mostly on or after the pack's
/// valid_from() and sometimes before it (a row error); every other date input is
/// treated as a birth date, 0-100 years before the assessment date, with extra
/// weight on 29 February, the days around the 18th birthday and the days around
/// every date-valued definition of the pack (e.g. the pension date), found by
/// evaluating the plan itself. Deterministic per seed.
class uniform_population {
public:
    uniform_population(const plan& p, std::size_t rows, std::uint64_t seed);

    [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
    [[nodiscard]] std::span<const input_column> columns() const noexcept { return views_; }

private:
    // One input's cells; only the vector matching the column's element type is used.
    struct storage {
        std::vector<std::int8_t> i8;
        std::vector<std::int16_t> i16;
        std::vector<std::int32_t> i32;
        std::vector<std::int64_t> i64;
        std::vector<std::uint8_t> valid;
    };

    std::size_t rows_ = 0;
    std::vector<storage> storage_;
    std::vector<input_column> views_;
};

}  // namespace trappe::testing
