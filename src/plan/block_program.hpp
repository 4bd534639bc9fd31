#pragma once
// The typed block program of evaluate_batch: the plan's instructions that reach
// the batch outputs, each slot in the narrowest lane its values need (int8 for
// levels, enums, booleans and small counts; int32 for dates), laid out so a
// block of rows stays in the L1 cache.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/calendar_tables.hpp"
#include "plan/plan_internals.hpp"

namespace trappe::detail {

enum class lane : std::uint8_t { i8, i16, i32, i64 };
inline constexpr std::size_t lane_count = 4;

[[nodiscard]] constexpr std::size_t lane_bytes(lane l) noexcept { return std::size_t{1} << static_cast<unsigned>(l); }

enum class result_rule : std::uint8_t { same, boolean, own };

/// Which lane an instruction's result takes: its operand lane (arithmetic,
/// select), a boolean (comparisons, logic, membership), or the lane of its own
/// range (dates, lookups, conversions).
[[nodiscard]] constexpr result_rule result_of(opcode op) noexcept {
    switch (op) {
        case opcode::eq: case opcode::ne: case opcode::lt: case opcode::le: case opcode::gt: case opcode::ge:
        case opcode::logical_not: case opcode::logical_and: case opcode::logical_or: case opcode::in_set:
        case opcode::in_mask:
        case opcode::all_eq: case opcode::all_ne: case opcode::all_lt: case opcode::all_le: case opcode::all_gt:
        case opcode::all_ge: case opcode::any_eq: case opcode::any_ne: case opcode::any_lt: case opcode::any_le:
        case opcode::any_gt: case opcode::any_ge:
            return result_rule::boolean;
        case opcode::add_months: case opcode::add_days: case opcode::age: case opcode::lookup: case opcode::copy:
            return result_rule::own;
        default: return result_rule::same;
    }
}

/// The narrowest lane that holds every value of r.
[[nodiscard]] lane lane_for(value_range r) noexcept;

/// A slot of the block: `rows_per_block` values of one lane type at `offset` bytes.
struct block_slot {
    lane type = lane::i8;
    std::size_t offset = 0;
};

/// One instruction on block slots. Operands a, b, c are read as `operand` lanes
/// (a select's condition as int8), the result written as a `result` lane.
struct block_instruction {
    opcode op = opcode::copy;
    lane operand = lane::i8;
    lane result = lane::i8;
    std::uint32_t dst = 0, a = 0, b = 0, c = 0;  // block slot indexes
    std::int64_t imm = 0;
};

/// The block kernels compute age and add_months from the calendar tables when the
/// range analysis proves they apply (the builder sets `imm` to 1 on such an instruction).

struct block_constant {
    std::uint32_t slot = 0;
    std::int64_t value = 0;
};

/// Per plan input: where its value and its assessed flag go in a block.
struct block_input {
    std::uint32_t value = no_slot;     // no_slot: no instruction reads it
    std::uint32_t assessed = no_slot;  // no_slot: no known() reads it
    /// Leaving it unassessed can change a batch output other than through known():
    /// such rows take the possible-values path.
    bool reaches_output = false;
};

class block_program {
public:
    std::size_t rows_per_block = 0;
    std::size_t bytes_per_block = 0;  // every slot's rows, one value each
    std::vector<block_slot> slots;
    std::vector<block_constant> constants;  // filled once per evaluator, never overwritten
    std::vector<block_instruction> code;
    std::vector<block_input> inputs;        // in the order of plan::inputs()
    std::vector<std::uint32_t> outputs;     // per batch output: its block slot
    std::vector<symbol_id> output_symbols;  // the batch outputs: the program's outputs that are not strings
    std::uint32_t as_of = no_slot;
};

/// Builds the block program for batch_outputs(p).
[[nodiscard]] std::unique_ptr<const block_program> build_block_program(const plan& p, const plan_internals& code);

}  // namespace trappe::detail
