#pragma once
// Following a caseload from one assessment to the next: the decisions of an
// earlier `trappe batch` against the current profiles evaluated with a pack, per
// citizen (by borger_id) and as indicators for the social policy's goals (least
// intrusive effort, recovery, fewer contacts). See docs/analysis.md, "Follow".

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {

/// Age at the current assessment date; `unknown` for a citizen not reassessed.
enum class age_group : std::uint8_t { under_30, from_30, unknown };

/// How a citizen in both caseloads moved on the staircase.
enum class movement : std::uint8_t {
    less_intrusive,  // a lower step, still above the lowest
    same_or_more,    // the same step or a higher one
    left_staircase,  // to the lowest step (no effort) from a higher one
    undetermined,    // the step before or after depends on items ikke vurderet
};

/// One citizen in one caseload: its row in the file and what the decision says.
struct follow_side {
    std::uint32_t row = 0;               // the data row in its file (1-based)
    std::int32_t step_lo = 0, step_hi = 0;  // the step; lo < hi when undetermined
    std::uint32_t granted = 0, open = 0;    // followed offers (bit i: offers[i]): granted; undetermined
    std::int8_t target_lo = 0, target_hi = 0;     // in the target group (0/1), when the pack has one
    std::int16_t contacts_lo = 0, contacts_hi = 0;  // contacts saved, when the pack has them
    age_group age = age_group::unknown;
};

/// The previous run's record, from its manifest.
struct previous_run {
    bool manifest = false;  // false: no manifest (allowed with allow_unknown_pack)
    std::string pack, hash;
    std::map<std::string, std::string> parameters;  // the --set overrides, as JSON text
};

struct follow_options {
    std::filesystem::path previous;           // decisions of `trappe batch`: CSV, or JSON lines (manifest first)
    std::filesystem::path previous_manifest;  // the run manifest of CSV decisions (batch --manifest)
    std::filesystem::path current;            // the current profiles: CSV or JSON lines
    bool allow_unknown_pack = false;          // decisions without a manifest are followed, unknown pack
    bool explain_moves = false;               // find the first trace entry of each moved citizen
    unsigned threads = 0;                     // 0: all cores
    std::function<void()> between_parts;      // called between parts of the input (to stop on an interrupt)
};

/// Everything follow found: per citizen, in the order of the previous decisions,
/// then the citizens only in the current caseload in their order. Never a value
/// from a profile but the case ids (for the per-citizen rows).
struct follow_result {
    std::string pack, hash;  // the current rules
    std::map<std::string, std::string> parameters;
    previous_run previous;
    [[nodiscard]] bool same_rules() const { return previous.manifest && previous.hash == hash && previous.parameters == parameters; }

    std::string step_name;                  // the recommendation, or "trin" from the offers' steps
    std::int64_t step_lo = 0, step_hi = 0;  // the steps' range
    std::vector<std::string> step_names;    // value names from step_lo on ("" for a number)
    std::vector<std::string> offers;        // the offers followed (bit i of granted/open)
    std::vector<std::string> offers_not_followed;  // their criterion is not in the decisions
    std::string target_group, contacts;     // output names; "" when the pack has none

    std::size_t previous_rows = 0, current_rows = 0;
    std::vector<input_error> previous_errors, current_errors;  // bad and duplicate rows, by row and field

    std::string ids;                        // every case id, one after another
    std::vector<std::uint64_t> id_end;      // per citizen: where its id ends in `ids`
    std::vector<std::uint8_t> presence;     // per citizen: bit 0 in previous, bit 1 in current
    std::vector<follow_side> before, after; // per citizen (meaningful when present)
    std::map<std::size_t, std::string> first_entry;  // per moved citizen, with explain_moves

    [[nodiscard]] std::size_t citizens() const noexcept { return presence.size(); }
    [[nodiscard]] std::string_view id(std::size_t c) const noexcept {
        const std::size_t start = c == 0 ? 0 : id_end[c - 1];
        return std::string_view(ids).substr(start, id_end[c] - start);
    }
    [[nodiscard]] bool in_previous(std::size_t c) const noexcept { return (presence[c] & 1) != 0; }
    [[nodiscard]] bool in_current(std::size_t c) const noexcept { return (presence[c] & 2) != 0; }
    /// How a citizen in both caseloads moved (the lowest step is step_lo).
    [[nodiscard]] movement moved(std::size_t c) const noexcept;
    /// Whether the step changed (or was undetermined and is not the same set).
    [[nodiscard]] bool step_changed(std::size_t c) const noexcept;
    /// The name of step v ("3" when it has none).
    [[nodiscard]] std::string step_text(std::int64_t lo, std::int64_t hi) const;
};

/// Follows `options.current` (evaluated with `p` by the columnar caseload run on
/// every core) from `options.previous`. Throws io_error naming the file when one
/// cannot be read, lacks its manifest (unless allow_unknown_pack), or the decisions
/// lack the step or case id columns; bad rows and duplicate case ids are reported
/// in previous_errors / current_errors and the other rows are followed.
[[nodiscard]] follow_result follow_caseload(const plan& p, const follow_options& options);

/// A run manifest (trappe.manifest/1) naming only the rules of `p`: for decisions
/// made with them that carry none (Python's trappe.follow writes it for a DataFrame).
[[nodiscard]] std::string follow_manifest(const plan& p);

/// Counts under this are shown as "<5" in aggregated output.
inline constexpr std::uint64_t follow_smallest_count = 5;

/// One count of an aggregated table, after suppression.
struct follow_cell {
    std::uint64_t count = 0;
    bool suppressed = false;  // shown as "<5" when count < 5, else "x" (hidden to protect a small count)
    bool applicable = true;   // false: a move that cannot happen (from the lowest step to leave it), shown as "-"
};

/// The aggregated tables (docs/analysis.md, "Follow"), counts after suppression.
/// Indicator groups are (age group, previous step) of the citizens in both
/// caseloads; age "all" and step "all" are the margins.
struct follow_tables {
    struct indicator_row {
        std::string age;   // "under_30", "30_and_over", "unknown", "all"
        std::string step;  // a step's name, "ubestemt", or "all"
        follow_cell reassessed, less_intrusive, same_or_more, left_staircase, undetermined;
        follow_cell entered_target, left_target;      // with a target group
        follow_cell contacts_before, contacts_after;  // sums of the lows; suppressed with their group
        std::int64_t contacts_before_hi = 0, contacts_after_hi = 0;  // sums of the highs (undetermined values)
    };
    std::vector<indicator_row> indicators;
    /// Transitions: previous step (rows, then "ubestemt", then "ny": entering the
    /// caseload) x current step (columns, then "ubestemt", then "forladt": leaving).
    std::vector<std::string> from_labels, to_labels;
    std::vector<std::vector<follow_cell>> transitions;
    follow_cell both, left_caseload, entered_caseload;
};
/// Counts the tables and suppresses every count under follow_smallest_count, and
/// then as many more as keep each suppressed count from being recovered as a
/// margin minus the shown counts (docs/analysis.md).
[[nodiscard]] follow_tables follow_aggregate(const follow_result& r);

/// Renderings: a text summary, the JSON document (schema trappe.follow/1, one
/// line), the per-citizen CSV (these rows carry case ids; the others never do).
[[nodiscard]] std::string follow_text(const follow_result& r, const follow_tables& t);
[[nodiscard]] std::string follow_json(const follow_result& r, const follow_tables& t);
void follow_citizens_csv(const follow_result& r, const std::function<void(std::string_view)>& write);

}  // namespace trappe
