#pragma once
// The result of evaluating one profile.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trappe/checker/program.hpp"

namespace trappe {

class plan;

/// The possible values of a result: one value when determined, else the
/// interval [lo, hi] (for booleans [0, 1] means "ja eller nej").
struct value_range {
    std::int64_t lo = 0, hi = 0;
    [[nodiscard]] bool determined() const noexcept { return lo == hi; }
    friend bool operator==(const value_range&, const value_range&) = default;
};

struct offer_outcome {
    value_range eligible;  // [1,1] granted, [0,0] not, [0,1] depends on unassessed inputs
    value_range step;
    value_range review_months;
    std::vector<symbol_id> depends_on;  // unassessed inputs behind an undetermined eligibility
};

/// Every symbol's value for one profile, and the offers. Refers to the plan
/// it was evaluated with: keep the plan alive while the decision is used.
class decision {
public:
    decision(const plan& p, std::vector<value_range> values, std::vector<std::uint64_t> dependencies,
             std::vector<offer_outcome> offers, std::vector<std::string> texts);
    /// A fully assessed decision: `slots` are the plain values of every slot (symbols first).
    decision(const plan& p, std::vector<std::int64_t> slots, std::vector<offer_outcome> offers,
             std::vector<std::string> texts);

    [[nodiscard]] const plan& evaluated_with() const noexcept { return *plan_; }
    [[nodiscard]] const program& rules() const noexcept;
    [[nodiscard]] value_range value(symbol_id s) const {
        return values_.empty() ? value_range{points_[s], points_[s]} : values_[s];
    }
    [[nodiscard]] std::optional<value_range> value(std::string_view name) const;
    /// The unassessed inputs that an undetermined value depends on (empty when determined).
    [[nodiscard]] std::vector<symbol_id> depends_on(symbol_id s) const;
    /// Text of a string input ("" when not assessed).
    [[nodiscard]] const std::string& text(symbol_id input) const;
    [[nodiscard]] std::span<const offer_outcome> offers() const noexcept { return offers_; }
    /// True when every declared output is determined.
    [[nodiscard]] bool determined() const;

private:
    const plan* plan_;
    std::vector<value_range> values_;  // per symbol; empty when every value is a point (then points_)
    std::vector<std::int64_t> points_; // the fully assessed evaluation's slots, owned rather than copied
    std::vector<std::uint64_t> dependencies_;  // input bitset per symbol; empty when all assessed
    std::vector<offer_outcome> offers_;
    std::vector<std::string> texts_;           // the string inputs, in the order of plan::text_inputs()
};

}  // namespace trappe
