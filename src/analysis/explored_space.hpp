#pragma once
// Private to src/analysis: the explorer's view of its plans and their shared
// input space, built once by the explorer's constructor.

#include <cstdint>
#include <map>
#include <vector>

#include "trappe/analysis/regions.hpp"
#include "plan/plan_internals.hpp"

namespace trappe::analysis {

/// One plan as the explorer reads it.
struct plan_view {
    const plan* compiled = nullptr;
    const detail::plan_internals* code = nullptr;
    std::vector<std::size_t> space_of_input;  // per plan input: its space_input
    /// The slots whose values follow from the dates alone and that something else
    /// reads (or a target is): a date case fixes exactly these.
    std::vector<std::uint32_t> date_frontier;
};

struct explorer::state {
    std::vector<explored_plan> plans;
    std::vector<plan_view> views;
    std::vector<space_input> inputs;
    std::vector<date_case> cases;
    /// Per date case, the date frontier's values over every plan: how a profile's
    /// dates are matched to a case.
    std::map<std::vector<std::int64_t>, std::size_t> case_of_outcomes;
    std::vector<std::vector<std::int64_t>> outcomes_of_case;  // the inverse
    std::optional<std::size_t> as_of_input;  // the space input that is an as-of date
    /// Every number the rules compare or compute with, and each plus one (sorted,
    /// unique): where a wide integer's interval is split first.
    std::vector<std::int64_t> split_points;
    explore_limits limits;
};

/// Fills inputs and views from the plans (explored_space.cpp).
void build_space(explorer::state& s);
/// Fills the date cases and the split points (date_cases.cpp).
void build_date_cases(explorer::state& s);
/// The date frontier's values of every plan for the given dates (per space
/// input), or nullopt when they break a plan's date order.
[[nodiscard]] std::optional<std::vector<std::int64_t>> date_outcomes(const explorer::state& s,
                                                                     const std::vector<std::int64_t>& dates);

}  // namespace trappe::analysis
