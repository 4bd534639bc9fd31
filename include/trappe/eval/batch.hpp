#pragma once
// Columnar batch evaluation: many profiles at once, block by block, on all cores.

#include <cstdint>
#include <span>
#include <vector>

#include "trappe/checker/program.hpp"
#include "trappe/common/error.hpp"
#include "trappe/eval/profile.hpp"

namespace trappe {

class plan;

/// The element type of a column.
enum class element_type : std::uint8_t { i8, i16, i32, i64 };

/// Bytes per element of a column type.
[[nodiscard]] constexpr std::size_t element_size(element_type t) noexcept {
    switch (t) {
        case element_type::i8: return 1;
        case element_type::i16: return 2;
        case element_type::i32: return 4;
        case element_type::i64: return 8;
    }
    return 8;
}

/// One input column, in the order of plan::inputs(): levels and enums as their
/// ordinal, booleans as 0/1, dates as day numbers. `valid[r] == 0` means row r is
/// "ikke vurderet"; a null `valid` means every row is assessed. String inputs are
/// not read (pass a column with null data).
struct input_column {
    element_type type = element_type::i64;
    const void* data = nullptr;
    const std::uint8_t* valid = nullptr;
};

/// One output column, in the order of batch_outputs(): the value, or for an
/// undetermined value its low end in `lo` and high end in `hi` (when given): the
/// hull of the exact possible values evaluate() reports.
struct output_column {
    element_type type = element_type::i64;
    void* lo = nullptr;
    void* hi = nullptr;
};

/// Per-row outcome written to the status column.
enum class row_status : std::uint8_t { determined = 0, undetermined = 1, error = 2 };

struct batch_options {
    unsigned threads = 0;  // 0: all cores
};

struct batch_summary {
    std::size_t rows = 0, determined = 0, undetermined = 0, errors = 0;
    std::vector<input_error> problems;  // by row (0-based row index + 1 in input_error::row)
};

/// The outputs a batch writes: the program's outputs that are not strings.
[[nodiscard]] std::vector<symbol_id> batch_outputs(const plan& p);

/// Evaluates `rows` profiles given as columns. Fully assessed rows run on
/// plain values over blocks of rows (the instruction loop outside, rows inside);
/// rows with items ikke vurderet take the set path of evaluate(). Results equal
/// evaluate() row by row, an undetermined value as the hull of its possible
/// values. Bad rows (a level out of range, a required field missing, a date
/// before the rules apply) get row_status::error and a problem
/// naming the row and field; the other rows are evaluated. At most 2^32 - 1 rows
/// per call (misuse_error otherwise). Thread-safe.
batch_summary evaluate_batch(const plan& p, std::size_t rows, std::span<const input_column> inputs,
                             std::span<const output_column> outputs, row_status* status,
                             const batch_options& options = {});

}  // namespace trappe
