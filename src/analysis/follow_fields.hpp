#pragma once
// The outputs follow reads from a decision, by name, and how they make one
// citizen's side of a transition (private to src/analysis/follow*).

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "trappe/analysis/follow.hpp"

namespace trappe::detail {

inline constexpr std::size_t no_field = std::numeric_limits<std::size_t>::max();

/// The outputs follow needs, in a fixed order: the step (the recommendation),
/// the criterion of each followed offer, the target group and the contacts saved.
/// Both sides read the same names; each side finds them in its own columns.
struct follow_fields {
    std::vector<std::string> names;          // needed outputs, in order
    std::vector<const type_info*> types;     // their types in the current pack
    std::size_t step_at = no_field;          // the recommendation, when the pack has one
    std::vector<std::size_t> offer_at;       // per followed offer: its criterion
    std::vector<std::int64_t> offer_step;    // per followed offer: its step (a constant)
    std::size_t target_at = no_field, contacts_at = no_field;

    /// Chooses the fields of `p`; an offer is followed when its condition is its
    /// criterion alone, the criterion is an output of `p` and `available` holds it
    /// (the previous decisions' columns; every output when null). Fills the
    /// result's step, offers and target names. Throws io_error when the decisions
    /// lack the step.
    follow_fields(const plan& p, const std::set<std::string>* available, follow_result& r);

    /// One side from the needed values (lo[i], hi[i] for names[i]).
    [[nodiscard]] follow_side side(const std::int64_t* lo, const std::int64_t* hi) const noexcept;
};

}  // namespace trappe::detail
