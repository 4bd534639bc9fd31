#pragma once
// Checking the properties a pack declares (`property monotone …`, `property …
// implies …`) over its whole input space with the region explorer, and the
// counterexamples when one fails. See docs/analysis.md, "Properties".

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trappe/analysis/regions.hpp"
#include "trappe/eval/decision.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/explain/explanation.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::analysis {

/// The first trace entry (in dependency order) whose value differs between the
/// two profiles of a monotone counterexample: where their decisions part.
struct parting_entry {
    trace_entry lower, higher;  // the same symbol, traced for each profile
};

/// A profile the property fails on. For `implies`, `lower` is the one profile
/// (premise true, conclusion false). For `monotone`, two profiles that differ
/// only in `input`: `lower` has value k, `higher` k + 1, and the result of
/// `higher` is below that of `lower`.
struct counterexample {
    profile lower;
    decision lower_decision;
    std::optional<symbol_id> input;   // monotone: the input the two differ in
    std::optional<profile> higher;    // monotone
    decision higher_decision;         // monotone; empty otherwise
    std::optional<parting_entry> parts_at;  // monotone, when the traces differ
    /// What the profiles' dates decide, from the explorer's date case:
    /// "voksen = ja, voksen and under_folkepensionsalder = ja".
    std::string dates;
};

enum class property_verdict : std::uint8_t {
    holds,      // for every profile of the input space
    violated,   // `example` shows a profile (pair) where it fails
    undecided,  // no violation found, but some regions stayed undetermined
};

/// The outcome of one property of program::properties.
struct property_check {
    std::size_t property = 0;  // index into program::properties
    property_verdict verdict = property_verdict::holds;
    std::size_t regions = 0;     // leaves explored (over every listed input for monotone)
    std::size_t incomplete = 0;  // leaves the explorer gave up on
    double seconds = 0;
    std::optional<counterexample> example;
};

/// Checks every property of the plan's rules, in the order the pack declares
/// them. `implies` is explored with its premise and conclusion as targets;
/// `monotone` with one variant of the plan per value of each listed input (that
/// input fixed), so each leaf compares the result at neighbouring values. A
/// violation's counterexample is the smallest one found (fewest and lowest values
/// above each input's lowest), evaluated again with the plan itself, with both
/// decisions and, for a pair, the trace entry where they part.
/// Thread-compatible: uses only the plan, which it does not change.
[[nodiscard]] std::vector<property_check> check_properties(const std::shared_ptr<const plan>& p,
                                                           const explore_limits& limits = {});

/// A Danish report, one block per property: "holder" or "holder ikke" with the
/// counterexample's profiles (only the fields that are not at their lowest
/// value), both decisions' recommendation and results, and the parting entry.
[[nodiscard]] std::string properties_text(const plan& p, const std::vector<property_check>& checks);

/// A JSON array, one object per property (fields in docs/analysis.md).
[[nodiscard]] std::string properties_json(const plan& p, const std::vector<property_check>& checks);

}  // namespace trappe::analysis
