// The aggregated tables of a follow run and their small-cell suppression.
//
// Every count under 5 is suppressed (primary). A table with margins lets a reader
// recover a suppressed count as a margin minus the counts shown beside it, so
// every linear relation between cells (a group's categories add up to its
// citizens; age groups add up to "all"; steps add up to "all"; a transition row
// adds up to its group; each indicator of "all ages" is a sum of transitions) is
// checked: while a relation has exactly one suppressed cell, or a shown total
// whose suppressed parts add up to under 5, its smallest shown cell is suppressed
// too (secondary). Then no suppressed count is the difference of shown ones, and
// the suppressed cells of a shown total hold 5 or more together. Contact sums are
// suppressed with the count of their group.

#include <algorithm>
#include <array>
#include <map>

#include "trappe/analysis/follow.hpp"

namespace trappe {
namespace {

// Cells and the relations between them: total = sum of parts.
class suppression {
public:
    std::size_t cell(std::uint64_t value, bool count = true) {
        values_.push_back(value);
        hidden_.push_back(count && value < follow_smallest_count);
        structural_.push_back(false);
        return values_.size() - 1;
    }
    /// Marks a cell that counts nothing that can happen (leaving the staircase from
    /// its lowest step): shown as "-", outside every relation.
    void not_applicable(std::size_t c) {
        structural_[c] = true;
        hidden_[c] = false;
        values_[c] = 0;
    }
    [[nodiscard]] bool applicable(std::size_t c) const { return !structural_[c]; }
    void relate(std::size_t total, std::vector<std::size_t> parts) { relations_.push_back({total, std::move(parts)}); }
    /// `sum` is hidden whenever `count` is.
    void link(std::size_t count, std::size_t sum) { links_.push_back({count, sum}); }

    void run() {
        for (bool changed = true; changed;) {
            changed = false;
            for (const auto& [count, sum] : links_)
                if (hidden_[count] && !hidden_[sum]) hidden_[sum] = changed = true;
            for (const relation& full : relations_) {
                if (structural_[full.total]) continue;
                relation r{full.total, {}};
                for (const std::size_t p : full.parts)
                    if (!structural_[p]) r.parts.push_back(p);
                // A reader knows the sum of a relation's hidden parts when its total is
                // shown: one hidden cell is recovered exactly, hidden cells summing to
                // under 5 are bounded as tightly as a small count (all zero when 0).
                std::size_t hidden = hidden_[r.total] ? 1 : 0;
                std::uint64_t hidden_sum = 0;
                for (const std::size_t p : r.parts)
                    if (hidden_[p]) {
                        ++hidden;
                        hidden_sum += values_[p];
                    }
                const bool exposed = hidden == 1 || (!hidden_[r.total] && hidden > 0 && hidden_sum < follow_smallest_count);
                if (!exposed) continue;
                // The smallest part still shown; the total when every part is hidden.
                std::size_t pick = r.total;
                for (const std::size_t p : r.parts)
                    if (!hidden_[p] && (pick == r.total || values_[p] < values_[pick])) pick = p;
                if (hidden_[pick]) continue;  // nothing left to hide in this relation
                hidden_[pick] = changed = true;
            }
        }
    }
    [[nodiscard]] follow_cell get(std::size_t c) const { return {values_[c], hidden_[c], !structural_[c]}; }

private:
    struct relation {
        std::size_t total;
        std::vector<std::size_t> parts;
    };
    std::vector<std::uint64_t> values_;
    std::vector<bool> hidden_, structural_;
    std::vector<relation> relations_;
    std::vector<std::pair<std::size_t, std::size_t>> links_;
};

enum category : std::size_t { reassessed, less, same_or_more, left_staircase, undetermined, entered_target, left_target,
                              contacts_before, contacts_after, categories };

}  // namespace

follow_tables follow_aggregate(const follow_result& r) {
    const std::size_t steps = static_cast<std::size_t>(r.step_hi - r.step_lo + 1);
    // Step groups: each step, then undetermined; age groups: under 30, 30 and over, unknown.
    const std::size_t step_groups = steps + 1, ages = 3;
    const bool target = !r.target_group.empty(), contacts = !r.contacts.empty();
    // Raw counts: [age][step group][category], and the sums of the highs of contacts.
    std::vector<std::array<std::uint64_t, categories>> raw(ages * step_groups, std::array<std::uint64_t, categories>{});
    std::vector<std::array<std::int64_t, 2>> raw_hi(ages * step_groups, std::array<std::int64_t, 2>{});
    // Transitions [from: steps, undetermined, entering][to: steps, undetermined, leaving].
    std::vector<std::vector<std::uint64_t>> moves(steps + 2, std::vector<std::uint64_t>(steps + 2, 0));
    const auto step_group = [&](std::int32_t lo, std::int32_t hi) {
        return lo == hi ? static_cast<std::size_t>(lo - r.step_lo) : steps;
    };
    for (std::size_t c = 0; c < r.citizens(); ++c) {
        const bool before = r.in_previous(c), after = r.in_current(c);
        if (before && !after) {
            ++moves[step_group(r.before[c].step_lo, r.before[c].step_hi)][steps + 1];
            continue;
        }
        if (!before) {
            ++moves[steps + 1][step_group(r.after[c].step_lo, r.after[c].step_hi)];
            continue;
        }
        const follow_side& a = r.before[c];
        const follow_side& b = r.after[c];
        const std::size_t from = step_group(a.step_lo, a.step_hi);
        ++moves[from][step_group(b.step_lo, b.step_hi)];
        auto& cell = raw[static_cast<std::size_t>(b.age) * step_groups + from];
        ++cell[reassessed];
        switch (r.moved(c)) {
            case movement::less_intrusive: ++cell[less]; break;
            case movement::same_or_more: ++cell[same_or_more]; break;
            case movement::left_staircase: ++cell[left_staircase]; break;
            case movement::undetermined: ++cell[undetermined]; break;
        }
        if (target) {
            if (a.target_hi == 0 && b.target_lo == 1) ++cell[entered_target];
            if (a.target_lo == 1 && b.target_hi == 0) ++cell[left_target];
        }
        if (contacts) {
            cell[contacts_before] += static_cast<std::uint64_t>(a.contacts_lo);
            cell[contacts_after] += static_cast<std::uint64_t>(b.contacts_lo);
            auto& hi = raw_hi[static_cast<std::size_t>(b.age) * step_groups + from];
            hi[0] += a.contacts_hi;
            hi[1] += b.contacts_hi;
        }
    }

    // Which rows are shown: every step group with citizens or a step's name; unknown ages only when there are any.
    suppression s;
    const bool unknown_ages = std::any_of(raw.begin() + static_cast<std::ptrdiff_t>(2 * step_groups), raw.end(),
                                          [](const auto& c) { return c[reassessed] != 0; });
    bool undetermined_steps = false;
    for (std::size_t a = 0; a < ages; ++a) undetermined_steps |= raw[a * step_groups + steps][reassessed] != 0;
    const std::size_t shown_ages = unknown_ages ? 3 : 2;
    const std::size_t shown_steps = undetermined_steps ? steps + 1 : steps;
    // ids[age or "all"][step group or "all"][category]
    std::vector<std::vector<std::array<std::size_t, categories>>> id(
        shown_ages + 1, std::vector<std::array<std::size_t, categories>>(shown_steps + 1));
    const auto value = [&](std::size_t a, std::size_t g, std::size_t k) {
        std::uint64_t v = 0;
        for (std::size_t age = 0; age < shown_ages; ++age)
            if (a == shown_ages || a == age)
                for (std::size_t step = 0; step < shown_steps; ++step)
                    if (g == shown_steps || g == step) v += raw[age * step_groups + step][k];
        return v;
    };
    for (std::size_t a = 0; a <= shown_ages; ++a)
        for (std::size_t g = 0; g <= shown_steps; ++g)
            for (std::size_t k = 0; k < categories; ++k)
                id[a][g][k] = s.cell(value(a, g, k), k != contacts_before && k != contacts_after);
    for (std::size_t a = 0; a <= shown_ages; ++a)
        for (std::size_t g = 0; g <= shown_steps; ++g) {
            auto& c = id[a][g];
            s.relate(c[reassessed], {c[less], c[same_or_more], c[left_staircase], c[undetermined]});
            s.link(c[reassessed], c[contacts_before]);
            s.link(c[reassessed], c[contacts_after]);
            for (std::size_t k = 0; k < categories; ++k) {
                if (a < shown_ages && g == shown_steps) {
                    std::vector<std::size_t> parts;
                    for (std::size_t step = 0; step < shown_steps; ++step) parts.push_back(id[a][step][k]);
                    s.relate(c[k], parts);
                }
                if (a == shown_ages) {
                    std::vector<std::size_t> parts;
                    for (std::size_t age = 0; age < shown_ages; ++age) parts.push_back(id[age][g][k]);
                    s.relate(c[k], parts);
                }
            }
        }
    // Transitions, and their relations to the indicators of all ages.
    std::vector<std::vector<std::size_t>> t(steps + 2, std::vector<std::size_t>(steps + 2));
    for (std::size_t i = 0; i < steps + 2; ++i)
        for (std::size_t j = 0; j < steps + 2; ++j) t[i][j] = s.cell(moves[i][j]);
    const std::size_t all = shown_ages;
    for (std::size_t i = 0; i < steps + 1; ++i) {
        if (i == steps && !undetermined_steps) continue;
        const auto& c = id[all][i];
        std::vector<std::size_t> row(t[i].begin(), t[i].begin() + static_cast<std::ptrdiff_t>(steps + 1));
        s.relate(c[reassessed], row);
        if (i == steps) {
            s.relate(c[undetermined], row);
            continue;
        }
        s.relate(c[undetermined], {t[i][steps]});
        std::vector<std::size_t> lower, upper;
        for (std::size_t j = 1; j < i; ++j) lower.push_back(t[i][j]);
        for (std::size_t j = i; j < steps; ++j) upper.push_back(t[i][j]);
        s.relate(c[less], lower);
        s.relate(c[same_or_more], upper);
        if (i > 0) s.relate(c[left_staircase], {t[i][0]});
    }
    std::uint64_t left = 0, entered = 0;
    std::vector<std::size_t> left_parts, entered_parts;
    for (std::size_t i = 0; i < steps + 1; ++i) {
        left += moves[i][steps + 1];
        entered += moves[steps + 1][i];
        left_parts.push_back(t[i][steps + 1]);
        entered_parts.push_back(t[steps + 1][i]);
    }
    const std::size_t left_cell = s.cell(left), entered_cell = s.cell(entered);
    s.relate(left_cell, left_parts);
    s.relate(entered_cell, entered_parts);

    // Cells of moves that cannot happen: below the lowest step or the one above it
    // (less intrusive), from the lowest step (leaving), any move from an undetermined
    // step but "undetermined"; "undetermined" when no citizen in both is.
    const bool any_undetermined = value(shown_ages, shown_steps, undetermined) != 0;
    for (std::size_t a = 0; a <= shown_ages; ++a)
        for (std::size_t g = 0; g < shown_steps; ++g) {
            auto& c = id[a][g];
            if (g == steps) {
                for (const std::size_t k : {less, same_or_more, left_staircase}) s.not_applicable(c[k]);
                continue;
            }
            if (g <= 1) s.not_applicable(c[less]);
            if (g == 0) s.not_applicable(c[left_staircase]);
        }
    if (!any_undetermined)
        for (std::size_t a = 0; a <= shown_ages; ++a)
            for (std::size_t g = 0; g <= shown_steps; ++g) s.not_applicable(id[a][g][undetermined]);
    // A margin over steps of a move that can happen from none of them (less intrusive with two steps).
    for (std::size_t a = 0; a <= shown_ages; ++a)
        for (const std::size_t k : {less, left_staircase}) {
            bool possible = false;
            for (std::size_t g = 0; g < shown_steps; ++g) possible |= s.applicable(id[a][g][k]);
            if (!possible) s.not_applicable(id[a][shown_steps][k]);
        }
    // Transitions: no one enters and leaves at once; the undetermined row and column only when someone is.
    s.not_applicable(t[steps + 1][steps + 1]);
    bool from_undetermined = false, to_undetermined = false;
    for (std::size_t j = 0; j < steps + 2; ++j) from_undetermined |= moves[steps][j] != 0;
    for (std::size_t i = 0; i < steps + 2; ++i) to_undetermined |= moves[i][steps] != 0;
    for (std::size_t j = 0; j < steps + 2 && !from_undetermined; ++j) s.not_applicable(t[steps][j]);
    for (std::size_t i = 0; i < steps + 2 && !to_undetermined; ++i) s.not_applicable(t[i][steps]);
    s.run();

    follow_tables out;
    const std::array<const char*, 3> age_names{"under_30", "30_and_over", "unknown"};
    for (std::size_t a = 0; a <= shown_ages; ++a)
        for (std::size_t g = 0; g <= shown_steps; ++g) {
            const auto& c = id[a][g];
            follow_tables::indicator_row row;
            row.age = a == shown_ages ? "all" : age_names[a];
            row.step = g == shown_steps ? "all" : g == steps ? "ubestemt" : r.step_text(r.step_lo + static_cast<std::int64_t>(g), r.step_lo + static_cast<std::int64_t>(g));
            row.reassessed = s.get(c[reassessed]);
            row.less_intrusive = s.get(c[less]);
            row.same_or_more = s.get(c[same_or_more]);
            row.left_staircase = s.get(c[left_staircase]);
            row.undetermined = s.get(c[undetermined]);
            row.entered_target = s.get(c[entered_target]);
            row.left_target = s.get(c[left_target]);
            row.contacts_before = s.get(c[contacts_before]);
            row.contacts_after = s.get(c[contacts_after]);
            for (std::size_t age = 0; age < shown_ages; ++age)
                if (a == shown_ages || a == age)
                    for (std::size_t step = 0; step < shown_steps; ++step)
                        if (g == shown_steps || g == step) {
                            row.contacts_before_hi += raw_hi[age * step_groups + step][0];
                            row.contacts_after_hi += raw_hi[age * step_groups + step][1];
                        }
            out.indicators.push_back(std::move(row));
        }
    for (std::size_t i = 0; i < steps; ++i) {
        out.from_labels.push_back(r.step_text(r.step_lo + static_cast<std::int64_t>(i), r.step_lo + static_cast<std::int64_t>(i)));
        out.to_labels.push_back(out.from_labels.back());
    }
    out.from_labels.insert(out.from_labels.end(), {"ubestemt", "ny"});
    out.to_labels.insert(out.to_labels.end(), {"ubestemt", "forladt"});
    out.transitions.assign(steps + 2, std::vector<follow_cell>(steps + 2));
    for (std::size_t i = 0; i < steps + 2; ++i)
        for (std::size_t j = 0; j < steps + 2; ++j) out.transitions[i][j] = s.get(t[i][j]);
    out.both = s.get(id[all][shown_steps][reassessed]);
    out.left_caseload = s.get(left_cell);
    out.entered_caseload = s.get(entered_cell);
    return out;
}

}  // namespace trappe
