#pragma once
// trappe diff: the exact regions of the input space where two packs (or a pack
// and its reform) decide differently, described in Danish.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trappe/common/value_range.hpp"
#include "trappe/eval/decision.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {

namespace detail {
struct diff_space;
}

/// One thing a decision gives that diff compares: the recommendation, a declared
/// output, or an offer's eligibility, step, review or scope value. Matched between
/// the packs by name.
struct diff_item {
    std::string name;   // "trin", "sel_85", "socialpaedagogisk_stoette.bevilget"
    std::string label;  // for a reader: "trin", "§ 85 (socialpædagogisk bistand)"
};

/// What a region requires of one feature: an input's values, or a value the first
/// pack computes (`derived`), such as "støttebehovet moderat".
struct diff_condition {
    std::size_t feature = 0;  // index into diff_result::features
    value_range values;       // the allowed values (a set of a finite type, or an interval)
    std::string text;         // "praktiske opgaver niveau 2 eller højere"
    std::string values_text;  // "niveau 2 eller højere"
};

/// A feature regions may restrict: an input (by name, shared by both packs) or a
/// value of the first pack.
struct diff_feature {
    std::string name;
    std::string label;
    bool derived = false;
};

/// One compared item that differs in a region, with its value before and after.
struct diff_change {
    std::size_t item = 0;  // index into diff_result::items
    value_range before, after;
    std::string before_text, after_text;  // "3 (støtte i eget hjem)", "ja"
};

/// A region: every profile that meets all its conditions changes exactly as
/// `changes` say, and every profile whose decision changes meets the conditions
/// of some region. Regions with the same changes may overlap; a profile is
/// counted in the first that holds it.
struct diff_region {
    std::vector<diff_condition> conditions;  // in the order of diff_result::features
    std::vector<diff_change> changes;        // in the order of diff_result::items
    std::string description;                 // "støttebehovet moderat, § 85 ja: trin 3 → 1"
};

/// The result of diff(): the regions and how the input space was explored.
struct diff_result {
    std::string before_name, after_name;  // "roskilde-2025", "roskilde-2025 (taerskel_85=hoejt)"
    std::vector<diff_item> items;
    std::vector<diff_feature> features;
    std::vector<diff_region> regions;
    std::uint64_t leaves = 0;          // regions of the joint exploration
    std::uint64_t changed_leaves = 0;  // of which some item changes
    /// Leaves the explorer had to give up on (a value still open): not part of any
    /// region, listed by their conditions so that no coverage is claimed for them.
    std::vector<std::string> undetermined;
    /// Items only one pack has (not compared), named for the report.
    std::vector<std::string> notes;
    double seconds = 0;
    /// The explored space behind the regions (private), for region_of() and weigh().
    std::shared_ptr<const detail::diff_space> space;
};

/// Explores the fully assessed profiles of both packs jointly (inputs matched by
/// name; see docs/analysis.md for the explored space) and returns the regions
/// where any compared item differs. `before_name`/`after_name` label the packs.
///
/// Throws misuse_error when the packs share an input name with different types.
/// Thread-safe: reads the plans only.
///
///     auto reform = trappe::compile(checked, {{"taerskel_85", 3}});
///     trappe::diff_result r = trappe::diff(*base, *reform);
///     for (const auto& region : r.regions) std::cout << region.description << '\n';
[[nodiscard]] diff_result diff(const plan& before, const plan& after, std::string before_name = "",
                               std::string after_name = "");

/// The index of the first region holding a profile of `before` whose decision
/// under `before` is `d`: every input a region restricts must be assessed and
/// inside it, every derived value determined and inside it. nullopt otherwise.
[[nodiscard]] std::optional<std::size_t> region_of(const diff_result& r, const plan& before, const profile& in,
                                                   const decision& d);

/// A population weighed by the regions: how many citizens each region holds.
struct diff_weights {
    std::vector<std::uint64_t> per_region;  // parallel to diff_result::regions
    std::uint64_t rows = 0;
    std::uint64_t input_errors = 0;      // rows with an input error (in either pack)
    std::uint64_t unchanged = 0;         // determined in both packs, no item changes
    /// Rows with items ikke vurderet whose decision changes but that no region holds
    /// whole (a region restricts an item they lack, or known() reads it).
    std::uint64_t changed_unplaced = 0;
    /// Rows with items ikke vurderet where a compared value is open in either pack.
    std::uint64_t undetermined = 0;
};

/// Reads `path` (CSV, JSON lines or a JSON document, with the profile readers of
/// `before`) and counts its rows per region of `r`: a row counts in a region when
/// region_of() places it there and its decisions change as the region says.
/// Throws io_error when the file cannot be read, misuse_error when `after` needs a
/// field `before` does not read.
[[nodiscard]] diff_weights weigh(const diff_result& r, const plan& before, const plan& after,
                                 const std::filesystem::path& path);

/// A count for aggregated output: "<5" for 1..4 (municipal statistics), else the number.
[[nodiscard]] std::string suppressed_count(std::uint64_t n);

/// The diff as text (Danish), JSON (schema "trappe.diff/1") and a self-contained
/// HTML page; `weights` adds the citizens per region (small counts suppressed).
[[nodiscard]] std::string diff_text(const diff_result& r, const diff_weights* weights = nullptr);
[[nodiscard]] std::string diff_json(const diff_result& r, const diff_weights* weights = nullptr);
[[nodiscard]] std::string diff_html(const diff_result& r, const diff_weights* weights = nullptr);

}  // namespace trappe
