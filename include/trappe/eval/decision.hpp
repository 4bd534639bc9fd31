#pragma once
// The result of evaluating one profile.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trappe/checker/program.hpp"
#include "trappe/common/value_range.hpp"

namespace trappe {

class plan;

struct offer_outcome {
    value_range eligible;  // [1,1] granted, [0,0] not, [0,1] depends on unassessed inputs
    value_range step;
    value_range review_months;
    std::vector<symbol_id> depends_on;  // unassessed inputs behind an undetermined eligibility
};

namespace detail {
struct decision_writer;
}

/// Every symbol's value for one profile, and the offers. Shares the ownership
/// of the plan it was evaluated with, so it stays valid after the caller lets
/// the plan go.
///
/// A decision can be reused: evaluate(plan, profile, decision&) overwrites it
/// in place, keeping its buffers, so a loop that reuses one decision allocates
/// nothing once warm. A default-constructed decision holds nothing to read.
class decision {
public:
    decision() = default;

    [[nodiscard]] const plan& evaluated_with() const noexcept { return *plan_; }
    [[nodiscard]] const program& rules() const noexcept;
    /// The value of symbol `s`: meaningful for the symbols the pack reaches
    /// (program::is_reached); an imported name the pack never uses is not computed.
    [[nodiscard]] value_range value(symbol_id s) const noexcept;
    /// The value of `name`; nullopt when no symbol has that name or the pack does not compute it.
    [[nodiscard]] std::optional<value_range> value(std::string_view name) const;
    /// The unassessed inputs that an undetermined value depends on (empty when determined).
    [[nodiscard]] std::vector<symbol_id> depends_on(symbol_id s) const;
    /// Text of a string input ("" when not assessed).
    [[nodiscard]] const std::string& text(symbol_id input) const;
    [[nodiscard]] std::span<const offer_outcome> offers() const noexcept { return offers_; }
    /// True when every declared output is determined.
    [[nodiscard]] bool determined() const;

private:
    friend struct detail::decision_writer;
    std::shared_ptr<const plan> plan_;
    std::uint64_t plan_id_ = 0;  // which compile() the slots' constants came from
    // Plain values of every slot (symbols first) when the evaluation ran on plain values;
    // then unassessed_ marks the inputs left unassessed, which no value depended on.
    std::vector<std::int64_t> points_;
    std::vector<std::uint64_t> unassessed_;
    // Possible values of every slot, and the unassessed inputs each depends on (a bitset
    // per slot), when it ran on possible values; empty otherwise.
    std::vector<value_range> values_;
    std::vector<std::uint64_t> dependencies_;
    std::vector<offer_outcome> offers_;
    std::vector<std::string> texts_;  // the string inputs, in the order of plan::text_inputs()
};

}  // namespace trappe
