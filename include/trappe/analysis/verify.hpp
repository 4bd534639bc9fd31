#pragma once
// `trappe verify`: what the region explorer finds over a pack's whole input
// space. See docs/analysis.md.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trappe/common/location.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::analysis {

enum class finding_kind : std::uint8_t {
    undetermined,            // a region the explorer gave up on: some target has no one value
    step_without_offer,      // the recommended step is above the lowest, and no granted offer is on it
    rule_never_holds,        // a `first` rule or `match` arm whose condition never holds
    rule_shadowed,           // a `first` rule that holds only where an earlier rule fires
    offer_never_granted,     // an offer whose condition never holds
    criterion_always_true,   // for adults (where the pack defines `voksen`), else for everyone
    criterion_always_false,
};

/// The name used in JSON output: "undetermined", "step_without_offer", ...
[[nodiscard]] const char* to_string(finding_kind k) noexcept;

struct finding {
    finding_kind kind = finding_kind::undetermined;
    std::string subject;  // "stoettebehov_beregnet, rule S4", "offer gro", "criterion sel_85"
    location where;       // the rule, arm, offer or criterion in the rule files
    std::string message;  // one English sentence for the rule author
    /// A profile inside a region that shows the finding (evaluate it to see), for
    /// findings about something that happens; none for what never happens.
    std::optional<profile> counterexample;
};

struct verify_report {
    std::size_t regions = 0, incomplete = 0, date_cases = 0;
    /// Per date case, what it fixes: "voksen = ja, voksen and under_folkepensionsalder = nej".
    std::vector<std::string> date_case_conditions;
    double seconds = 0;
    std::vector<finding> findings;
};

/// Explores the whole input space of the plan (fully assessed profiles, and
/// "ikke vurderet" for inputs only known() reads) and reports its findings, in
/// the order of the rule files.
[[nodiscard]] verify_report verify(const std::shared_ptr<const plan>& p);

}  // namespace trappe::analysis
