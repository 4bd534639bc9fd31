#pragma once
// The immutable evaluation plan: every name resolved to a slot, every
// expression flattened into instructions in dependency order.

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <unordered_map>
#include <string>
#include <vector>

#include "trappe/checker/program.hpp"
#include "trappe/common/date.hpp"

namespace trappe {

enum class opcode : std::uint8_t {
    constant,  // dst = imm
    copy,      // dst = a
    negate, logical_not,
    add, sub, mul,
    eq, ne, lt, le, gt, ge,
    logical_and, logical_or,
    max, min,
    select,    // dst = a ? b : c
    in_set,    // dst = a in sets[imm]
    known,     // dst = input a was assessed
    add_months, add_days, age,
    lookup,    // dst = tables[imm](a), a step function
};

/// One step of the plan. Operands are slot numbers; `imm` is a constant,
/// a set or a table index depending on the opcode.
struct instruction {
    opcode op = opcode::constant;
    std::uint32_t dst = 0, a = 0, b = 0, c = 0;
    std::int64_t imm = 0;
};

/// A step function over keys: entries sorted by `lo`, non-overlapping.
struct step_table {
    std::vector<table_entry> entries;
};

struct planned_offer {
    std::uint32_t condition = 0, step = 0, review = 0;  // slots
    bool has_review = false;
};

/// Parameter values that replace the rule files' values (all dated versions).
using parameter_overrides = std::map<std::string, std::int64_t>;

/// The compiled, immutable program. Slot s < symbols().size() holds symbol s;
/// higher slots hold intermediate values. Thread-safe to share: nothing in it
/// changes after compile().
class plan {
public:
    [[nodiscard]] const program& rules() const noexcept { return *program_; }
    [[nodiscard]] std::span<const instruction> code() const noexcept { return code_; }
    /// code() without its constants, for evaluators that start from constant_image().
    [[nodiscard]] std::span<const instruction> runtime_code() const noexcept { return runtime_code_; }
    /// slot_count() values: every constant's slot holds its constant, the others 0.
    [[nodiscard]] std::span<const std::int64_t> constant_image() const noexcept { return constant_image_; }
    [[nodiscard]] std::size_t slot_count() const noexcept { return slot_count_; }
    [[nodiscard]] std::span<const symbol_id> inputs() const noexcept { return inputs_; }
    /// The index of `name` among inputs(), if it is an input.
    [[nodiscard]] std::optional<std::size_t> input_index(std::string_view name) const;
    /// Indexes among inputs() of the string inputs (a decision keeps only their texts).
    [[nodiscard]] std::span<const std::size_t> text_inputs() const noexcept { return text_inputs_; }
    [[nodiscard]] std::span<const planned_offer> offers() const noexcept { return offers_; }
    [[nodiscard]] const std::vector<std::vector<std::int64_t>>& sets() const noexcept { return sets_; }
    [[nodiscard]] const std::vector<step_table>& tables() const noexcept { return tables_; }
    /// The first as-of date on which every dated parameter has a value.
    [[nodiscard]] day_number valid_from() const noexcept { return valid_from_; }
    [[nodiscard]] std::size_t input_words() const noexcept { return (inputs_.size() + 63) / 64; }
    [[nodiscard]] const parameter_overrides& overrides() const noexcept { return overrides_; }
    /// The slot holding the date that selects parameter versions (the as_of
    /// input, or an override given to evaluate()); only when the pack has as_of.
    [[nodiscard]] std::optional<std::uint32_t> as_of_slot() const noexcept { return as_of_slot_; }
    /// The slot holding the value of a checked expression of rules() (for
    /// explanations, which walk the rules with the values of a traced evaluation).
    [[nodiscard]] std::optional<std::uint32_t> slot_of(const checked_expr& e) const;
    /// The index among inputs() of the as_of input, when the pack has one.
    [[nodiscard]] std::optional<std::size_t> as_of_input() const noexcept { return as_of_input_; }

private:
    friend class plan_builder;
    std::shared_ptr<const program> program_;
    std::vector<instruction> code_;
    std::vector<instruction> runtime_code_;
    std::vector<std::int64_t> constant_image_;
    std::size_t slot_count_ = 0;
    std::vector<symbol_id> inputs_;
    std::vector<std::size_t> text_inputs_;
    std::vector<planned_offer> offers_;
    std::vector<std::vector<std::int64_t>> sets_;
    std::vector<step_table> tables_;
    day_number valid_from_ = INT32_MIN;
    parameter_overrides overrides_;
    std::optional<std::uint32_t> as_of_slot_;
    std::optional<std::size_t> as_of_input_;
    std::unordered_map<const checked_expr*, std::uint32_t> expression_slots_;
};

/// Thrown by compile() for API misuse: an override names no parameter or has a
/// value outside the parameter's type (error channel 3).
class parameter_error : public std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

/// Compiles a checked program into a plan. `overrides` replace parameter
/// values (for policy experiments) without editing rule files.
[[nodiscard]] std::shared_ptr<const plan> compile(std::shared_ptr<const program> checked,
                                                  const parameter_overrides& overrides = {});

}  // namespace trappe
