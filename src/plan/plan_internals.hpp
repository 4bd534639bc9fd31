#pragma once
// The inside of a plan, private to the library: the instruction set, the slots,
// and what the analyses found. Public headers name none of this, so the
// instruction set can change without touching the API.

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "trappe/checker/input_rule.hpp"
#include "trappe/common/value_range.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {

/// Every opcode, listed once. The enum and the dispatch over the semantics table
/// (eval/semantics.hpp) are both generated from this list, so an opcode without a
/// definition of its meaning does not compile.
#define TRAPPE_OPCODES(X)                                                                                   \
    X(constant)   /* dst = imm */                                                                         \
    X(copy)       /* dst = a */                                                                           \
    X(negate) X(logical_not)                                                                              \
    X(add) X(sub) X(mul)  /* saturating at the integer type's bounds */                                   \
    X(negate_exact) X(add_exact) X(sub_exact) X(mul_exact)  /* where ranges prove no bound is reached */  \
    X(eq) X(ne) X(lt) X(le) X(gt) X(ge)                                                                   \
    X(logical_and) X(logical_or)                                                                          \
    X(max) X(min)                                                                                         \
    X(select)     /* dst = a ? b : c */                                                                   \
    X(in_set)     /* dst = a in sets[imm] */                                                              \
    X(in_mask)    /* dst = a in the values 0..63 whose bits imm has */                                    \
    X(add_months) X(add_days) X(age)                                                                      \
    X(lookup)     /* dst = tables[imm](a), a step function */                                           \
    TRAPPE_FUSED_OPCODES(X)

/// Fused shapes (plain and block evaluation only): c combined with (a compared to
/// b) in one instruction. add_ge: c + (a >= b), a step of a `count`; all_ge:
/// c and (a >= b); any_ge: c or (a >= b).
#define TRAPPE_FUSED_OPCODES(X)                                                                             \
    X(add_eq) X(add_ne) X(add_lt) X(add_le) X(add_gt) X(add_ge)                                           \
    X(all_eq) X(all_ne) X(all_lt) X(all_le) X(all_gt) X(all_ge)                                           \
    X(any_eq) X(any_ne) X(any_lt) X(any_le) X(any_gt) X(any_ge)

enum class opcode : std::uint8_t {
#define TRAPPE_ENUM(name) name,
    TRAPPE_OPCODES(TRAPPE_ENUM)
#undef TRAPPE_ENUM
};

#define TRAPPE_COUNT(name) +1
inline constexpr std::size_t opcode_count = 0 TRAPPE_OPCODES(TRAPPE_COUNT);
#undef TRAPPE_COUNT

/// One step of the plan. Operands are slot numbers; `imm` is a constant, a set
/// or a table index depending on the opcode.
struct instruction {
    opcode op = opcode::constant;
    std::uint32_t dst = 0, a = 0, b = 0, c = 0;
    std::int64_t imm = 0;
};

/// A step function over keys: entries sorted by `lo`, non-overlapping, covering the key type.
struct step_table {
    std::vector<table_entry> entries;
};

struct planned_offer {
    std::uint32_t condition = 0, step = 0, review = 0;  // slots
    bool has_review = false;
};

inline constexpr std::uint32_t no_slot = UINT32_MAX;

/// Which arm of a `first` or `match` fired, as the compiler lowered it: the slot
/// of each arm's condition (a `first` rule's condition, or a `match` arm's
/// membership test), and the fallback arm taken when none holds.
struct arm_slots {
    std::vector<std::uint32_t> conditions;  // per arm; no_slot for the fallback arm
    std::size_t fallback = 0;
};

/// Two date inputs whose order the rules assume: age(earlier, later) reads
/// both, so a profile with `earlier` after `later` is a row error (a birth date
/// after the assessment date would give a negative age). Indices into plan::inputs().
struct date_order {
    std::uint32_t earlier = 0, later = 0;
};

class block_program;

/// Everything the evaluators read. Immutable after compile().
struct plan_internals {
    std::vector<instruction> code;          // in dependency order, constants included
    std::vector<instruction> runtime_code;  // code without its constants
    /// code with the frequent shapes fused (a comparison read only by a count, an
    /// `and` or an `or` joins it), for plain and block evaluation. Its values are
    /// those of code on every symbol and offer; the fused comparisons' own slots
    /// are not written, so tracing and possible values run code.
    std::vector<instruction> fused_code;
    /// fused_code without constants, and one more instruction whose op is
    /// opcode_count, where the direct-threaded interpreter stops.
    std::vector<instruction> threaded_code;
    /// Unique per compile(): a reused decision knows whether it holds this plan's constants.
    std::uint64_t id = 0;
    std::vector<std::int64_t> constant_image;  // per slot: its constant, else 0
    std::size_t slot_count = 0;
    std::vector<planned_offer> offers;
    std::vector<std::vector<std::int64_t>> sets;  // sorted, unique
    std::vector<step_table> tables;
    std::optional<std::uint32_t> as_of_slot;
    /// Per input: the slot that holds whether it was assessed (what `known(x)`
    /// reads), or no_slot when no rule asks.
    std::vector<std::uint32_t> assessed_slots;
    /// Per input, in the order of plan::inputs(): what a valid value is.
    std::vector<input_rule> input_rules;
    /// Orders between date inputs that every valid profile keeps (see date_order).
    std::vector<date_order> date_orders;
    /// Per symbol: its index among plan::inputs(), or no_slot for other symbols.
    std::vector<std::uint32_t> input_of_symbol;
    /// Per slot: the values it can hold for any valid input (range analysis).
    std::vector<value_range> static_ranges;
    /// Per slot, the inputs (input_words bits) that can change its value when left
    /// unassessed, other than through known() (analysis.hpp, unguarded_inputs).
    std::vector<std::uint64_t> unguarded;
    /// Per input: whether leaving it unassessed can change a symbol's or an offer's
    /// value other than through known(): such profiles need the possible-values path.
    std::vector<std::uint8_t> reaches_decision;
    std::unordered_map<const checked_expr*, std::uint32_t> expression_slots;
    std::unordered_map<const checked_expr*, arm_slots> arms;
    /// The typed block program of evaluate_batch, for batch_outputs().
    std::unique_ptr<const block_program> batch;

    plan_internals();
    ~plan_internals();
    plan_internals(plan_internals&&) noexcept;
    plan_internals& operator=(plan_internals&&) noexcept;

    [[nodiscard]] std::size_t input_words(const plan& p) const noexcept { return (p.inputs().size() + 63) / 64; }
};

}  // namespace trappe::detail
