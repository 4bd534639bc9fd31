#pragma once
// The region explorer: covers the whole input space of one or more plans with
// boxes (regions) inside which every chosen target has one value. The base of
// `trappe verify`, `trappe diff` and the pack's properties. See docs/analysis.md.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trappe/checker/input_rule.hpp"
#include "trappe/common/location.hpp"
#include "trappe/common/value_range.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::analysis {

/// A value of a plan the explorer follows: a slot of the plan's private
/// evaluation code. Get one from target_of() or default_targets().
using slot_id = std::uint32_t;

/// One plan to explore and the values (slots) of it that each leaf must determine.
struct explored_plan {
    std::shared_ptr<const plan> compiled;
    std::vector<slot_id> targets;
};

/// The pack's outputs (strings aside), its recommendation and each offer's
/// eligibility, step and review months, in that order, without repeats.
[[nodiscard]] std::vector<slot_id> default_targets(const plan& p);
/// The slot of a symbol (a definition, criterion or input) of the plan's rules.
[[nodiscard]] slot_id target_of(const plan& p, symbol_id s);
/// The slot of a checked expression of the plan's rules (a part of a
/// definition's body, or a property's expression compiled into the plan);
/// nullopt for a constant or an expression the plan did not compile.
[[nodiscard]] std::optional<slot_id> target_of(const plan& p, const checked_expr& e);

/// One input of the explored space, matched by name across the plans.
struct space_input {
    std::string name;
    input_rule rule;             // the valid values (the same in every plan that has it)
    const type_info* type = nullptr;  // for labels; owned by the first plan that has it
    /// Whether "ikke vurderet" is part of the space: only for inputs that the rules
    /// read through known() alone (e.g. the caseworker's own judgement), see docs.
    bool may_be_unassessed = false;
    bool is_date = false;  // dates come from the date cases, never split
    bool is_text = false;  // strings: never read as values, skipped
    /// Per plan: the input's index among plan::inputs(), or nullopt (irrelevant to it).
    std::vector<std::optional<std::size_t>> index_in_plan;
};

/// The values of one input inside a region.
struct input_choices {
    bool unassessed = false;  // "ikke vurderet" is inside
    bool assessed = true;     // some assessed values are inside: `values`
    /// The assessed values: a set (mask) for small types, an interval for wide integers.
    value_range values;

    [[nodiscard]] bool contains(bool is_assessed, std::int64_t v) const noexcept {
        return is_assessed ? assessed && values.contains(v) : unassessed;
    }
    /// How many choices are inside (an interval counts its width).
    [[nodiscard]] std::uint64_t count() const noexcept;
};

/// A concrete pair (or tuple) of dates that stands for every date tuple giving the
/// same outcome of every date-derived condition (see docs/analysis.md, "Dates").
struct date_case {
    std::vector<std::int64_t> dates;  // per space input; only date inputs are meaningful
};

/// One date-derived value that a date case fixes, for describing the case:
/// "voksen = ja", "under_folkepensionsalder = nej".
struct date_condition {
    std::size_t plan_index = 0;
    /// The symbol's name, or for a value inside an expression its text
    /// ("voksen and under_folkepensionsalder"; "…" for shapes not spelled out).
    std::string name;
    location where;
    value_range value;                // a point
    const type_info* type = nullptr;  // for the value's label; null inside an expression (then 0 or 1 for a condition)
};

/// A box of the input space: per input the values inside, and one date case.
/// Inputs that no target depends on inside it keep their whole range.
struct region {
    std::vector<input_choices> inputs;  // per space_input
    std::size_t date_case = 0;
};

/// What one leaf holds: the region, per plan the targets' values (in the order of
/// explored_plan::targets), and whether every target is determined. An
/// undetermined leaf is one the explorer gave up on (a wide integer input split
/// too often); it is reported, never dropped.
struct leaf {
    const region& where;
    std::span<const std::vector<value_range>> values;
    bool complete = true;
};

struct explore_limits {
    /// A wide integer's interval is split first at the numbers the rules name, then
    /// in halves: this many halvings along one path before its region is given up.
    unsigned max_interval_splits = 12;
};

struct explore_stats {
    std::size_t leaves = 0, incomplete = 0, splits = 0;
};

/// Explores the input space of one or more plans over the same inputs (matched by
/// name; an input absent from a plan is irrelevant to it). Every fully assessed,
/// valid profile lies in exactly one leaf, given the date cases (see date_cases()).
class explorer {
public:
    /// Throws misuse_error when two plans give an input of the same name different
    /// valid values, or no plan is given.
    explicit explorer(std::vector<explored_plan> plans, explore_limits limits = {});
    ~explorer();
    explorer(explorer&&) noexcept;
    explorer& operator=(explorer&&) noexcept;

    [[nodiscard]] const std::vector<explored_plan>& plans() const noexcept;
    [[nodiscard]] const std::vector<space_input>& inputs() const noexcept;
    /// The date cases: one per combination of date-derived outcomes found.
    [[nodiscard]] const std::vector<date_case>& date_cases() const noexcept;

    /// What the date case fixes: per plan, the date-derived values the rest of its
    /// rules read (or that are targets), in slot order.
    [[nodiscard]] std::vector<date_condition> describe(std::size_t date_case) const;

    /// Calls `visit` for every leaf, depth first, lower values first: the same
    /// order on every run.
    explore_stats explore(const std::function<void(const leaf&)>& visit) const;

    /// A concrete profile for plan `plan_index` inside the region: each input's
    /// lowest choice, the date case's dates, string inputs set to "verify".
    [[nodiscard]] profile example(const region& r, std::size_t plan_index) const;
    /// The date case a profile of plan `plan_index` falls in (every date-derived
    /// condition as in the profile), or nullopt when none of the explored cases
    /// has its outcomes (which would be a gap in the date coverage).
    [[nodiscard]] std::optional<std::size_t> date_case_of(const profile& in, std::size_t plan_index) const;
    /// Whether a profile of plan `plan_index` lies in the region.
    [[nodiscard]] bool contains(const region& r, const profile& in, std::size_t plan_index) const;

    struct state;

private:
    std::unique_ptr<state> state_;
};

}  // namespace trappe::analysis
