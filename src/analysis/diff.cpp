// trappe diff: explore both packs jointly, label each leaf by what changes, and
// cover the changed leaves exactly with few boxes (region_cover.hpp).

#include "trappe/analysis/diff.hpp"

#include <chrono>
#include <map>

#include "analysis/diff_space.hpp"
#include "common/text.hpp"
#include "trappe/common/error.hpp"
#include "trappe/eval/evaluator.hpp"
#include "trappe/eval/format.hpp"
#include "trappe/eval/profile_stream.hpp"

namespace trappe {
namespace {

using detail::concat;
using detail::diff_space;
using detail::feature_source;
using detail::feature_span;

// The pack's name with its overrides: "roskilde-2025 (taerskel_85=hoejt)".
std::string pack_title(const plan& p) {
    std::string out = p.rules().pack_name.empty() ? std::string("pakken") : p.rules().pack_name;
    std::string settings;
    for (const auto& [name, value] : p.overrides()) {
        const auto s = p.rules().find(name);
        const std::string text = s ? format_value(p.rules().type_of(*s), {value, value}) : std::to_string(value);
        settings += concat({settings.empty() ? "" : ", ", name, "=", text});
    }
    return settings.empty() ? out : concat({out, " (", settings, ")"});
}

// Features dropped first are the least telling: unlabeled values of the pack, then
// inputs, then the dates, and last the labeled values in reverse declaration order.
std::vector<std::size_t> drop_order(const diff_space& space) {
    std::vector<std::size_t> unlabeled, inputs, dates, labeled;
    for (std::size_t f = 0; f < space.sources.size(); ++f) {
        switch (space.sources[f].what) {
            case feature_source::kind::input: inputs.push_back(f); break;
            case feature_source::kind::date_case: dates.push_back(f); break;
            case feature_source::kind::derived: {
                const symbol& s = space.explorer.plans()[0].compiled->rules().symbols[space.sources[f].symbol];
                (s.description.empty() ? unlabeled : labeled).push_back(f);
                break;
            }
        }
    }
    std::vector<std::size_t> out(unlabeled.rbegin(), unlabeled.rend());
    out.insert(out.end(), inputs.rbegin(), inputs.rend());
    out.insert(out.end(), dates.begin(), dates.end());
    out.insert(out.end(), labeled.rbegin(), labeled.rend());
    return out;
}

// Conditions for a reader: the pack's values first, then the dates, then the inputs.
std::vector<std::size_t> reading_order(const diff_space& space) {
    std::vector<std::size_t> out;
    for (auto kind : {feature_source::kind::derived, feature_source::kind::date_case, feature_source::kind::input})
        for (std::size_t f = 0; f < space.sources.size(); ++f)
            if (space.sources[f].what == kind) out.push_back(f);
    return out;
}

std::string describe_box(const diff_space& space, const std::vector<feature_span>& box,
                         std::vector<diff_condition>* conditions) {
    std::string out;
    for (std::size_t f : reading_order(space)) {
        if (space.cover[f].is_full(box[f])) continue;
        std::string text = space.condition_text(f, box[f]);
        out += concat({out.empty() ? "" : ", ", text});
        if (conditions != nullptr)
            conditions->push_back({f, space.cover[f].range_of(box[f]), std::move(text), space.values_text(f, box[f])});
    }
    return out.empty() ? "alle profiler" : out;
}

}  // namespace

std::string suppressed_count(std::uint64_t n) { return n > 0 && n < 5 ? "<5" : std::to_string(n); }

diff_result diff(const plan& before, const plan& after, std::string before_name, std::string after_name) {
    const auto started = std::chrono::steady_clock::now();
    diff_result r;
    r.before_name = before_name.empty() ? pack_title(before) : std::move(before_name);
    r.after_name = after_name.empty() ? pack_title(after) : std::move(after_name);
    std::shared_ptr<diff_space> space = diff_space::make(before, after, r.notes);

    // Each leaf's outcome: 0 unchanged, -1 undetermined, else the id of its set of changes.
    detail::cell_table cells;
    cells.features = space->cover;
    std::map<std::vector<std::int64_t>, std::int32_t> outcome_ids;
    std::vector<std::vector<diff_change>> outcomes;
    constexpr std::size_t undetermined_listed = 50;
    space->explorer.explore([&](const analysis::leaf& leaf) {
        ++r.leaves;
        std::vector<feature_span> cell = space->cell_of(leaf.where, leaf.values);
        std::int32_t outcome = 0;
        if (!leaf.complete) {
            outcome = -1;
            if (r.undetermined.size() < undetermined_listed) r.undetermined.push_back(describe_box(*space, cell, nullptr));
        } else {
            std::vector<std::int64_t> key;
            std::vector<diff_change> changes;
            for (std::size_t i = 0; i < space->items.size(); ++i) {
                const value_range b = leaf.values[0][space->items[i].target[0]];
                const value_range a = leaf.values[1][space->items[i].target[1]];
                if (!space->differs(i, b, a)) continue;
                key.insert(key.end(), {static_cast<std::int64_t>(i), b.lo, a.lo});
                changes.push_back({i, b, a, space->value_text(i, 0, b), space->value_text(i, 1, a)});
            }
            if (!key.empty()) {
                ++r.changed_leaves;
                const auto [at, added] = outcome_ids.emplace(key, static_cast<std::int32_t>(outcomes.size() + 1));
                if (added) outcomes.push_back(std::move(changes));
                outcome = at->second;
            }
        }
        cells.add(cell, outcome);
    });

    std::vector<std::int32_t> wanted;
    for (std::size_t k = 1; k <= outcomes.size(); ++k) wanted.push_back(static_cast<std::int32_t>(k));
    for (const detail::cover_box& box : detail::cover_cells(cells, wanted, drop_order(*space))) {
        diff_region region;
        const std::string where = describe_box(*space, box.spans, &region.conditions);
        region.changes = outcomes[static_cast<std::size_t>(box.outcome) - 1];
        std::string what;
        for (const diff_change& c : region.changes)
            what += concat({what.empty() ? "" : "; ", space->items[c.item].shown.label, " ", c.before_text, " → ", c.after_text});
        region.description = concat({where, ": ", what});
        std::vector<std::pair<std::size_t, feature_span>> spans;
        for (const diff_condition& c : region.conditions) spans.emplace_back(c.feature, box.spans[c.feature]);
        space->region_boxes.push_back(std::move(spans));
        r.regions.push_back(std::move(region));
    }
    for (const detail::compared_item& item : space->items) r.items.push_back(item.shown);
    r.features = space->shown;
    r.space = std::move(space);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

std::optional<std::size_t> region_of(const diff_result& r, const plan& before, const profile& in, const decision& d) {
    (void)before;
    const diff_space& space = *r.space;
    // The row's span on each feature, or none when it cannot be placed on it whole.
    std::vector<std::optional<feature_span>> row(space.cover.size());
    for (std::size_t f = 0; f < space.cover.size(); ++f) {
        const feature_source& source = space.sources[f];
        const detail::cover_feature& feature = space.cover[f];
        switch (source.what) {
            case feature_source::kind::input: {
                const auto index = space.explorer.inputs()[source.index].index_in_plan[0];
                if (!index) break;
                if (in.assessed[*index]) {
                    const std::int64_t v = in.values[*index];
                    const std::int64_t top = feature.domain.hi - (source.unassessed_bit ? 1 : 0);
                    if (v >= feature.domain.lo && v <= top) row[f] = feature.span_of({v, v});
                } else if (source.unassessed_bit) {
                    row[f] = feature.span_of({feature.domain.hi, feature.domain.hi});
                }
                break;
            }
            case feature_source::kind::date_case:
                if (const auto c = space.explorer.date_case_of(in, 0))
                    row[f] = feature.span_of({static_cast<std::int64_t>(*c), static_cast<std::int64_t>(*c)});
                break;
            case feature_source::kind::derived: {
                const value_range v = d.value(source.symbol);
                if (v.determined()) row[f] = feature.span_of(v);
                break;
            }
        }
    }
    for (std::size_t k = 0; k < space.region_boxes.size(); ++k) {
        bool inside = true;
        for (const auto& [f, span] : space.region_boxes[k]) {
            inside = row[f] && space.cover[f].contains(span, *row[f]);
            if (!inside) break;
        }
        if (inside) return k;
    }
    return std::nullopt;
}

diff_weights weigh(const diff_result& r, const plan& before, const plan& after, const std::filesystem::path& path) {
    const diff_space& space = *r.space;
    // The second pack reads its fields from the first pack's profile, by name.
    std::vector<std::size_t> from_before;
    for (symbol_id s : after.inputs()) {
        const std::string& name = after.rules().symbols[s].name;
        const auto index = before.input_index(name);
        if (!index)
            throw misuse_error(concat({"weigh: the population is read with the fields of ", r.before_name,
                                       "; the field '", name, "' of ", r.after_name, " is not among them"}));
        from_before.push_back(*index);
    }
    diff_weights w;
    w.per_region.assign(r.regions.size(), 0);
    profile_stream stream(before, path);
    decision d0, d1;
    profile other(after);
    for (std::vector<profile_row> piece = stream.next(4096); !piece.empty(); piece = stream.next(4096)) {
        for (const profile_row& row : piece) {
            ++w.rows;
            if (!row.values) {
                ++w.input_errors;
                continue;
            }
            const profile& in = *row.values;
            for (std::size_t j = 0; j < from_before.size(); ++j) {
                other.values[j] = in.values[from_before[j]];
                other.assessed[j] = in.assessed[from_before[j]];
                other.texts[j] = in.texts[from_before[j]];
            }
            if (evaluate(before, in, d0) || evaluate(after, other, d1)) {
                ++w.input_errors;
                continue;
            }
            std::vector<diff_change> changes;
            bool open = false;
            for (std::size_t i = 0; i < space.items.size() && !open; ++i) {
                const value_range b = space.items[i].source[0].read(d0), a = space.items[i].source[1].read(d1);
                open = !b.determined() || !a.determined();
                if (!open && space.differs(i, b, a)) changes.push_back({i, b, a, {}, {}});
            }
            if (open) {
                ++w.undetermined;
                continue;
            }
            if (changes.empty()) {
                ++w.unchanged;
                continue;
            }
            const auto k = region_of(r, before, in, d0);
            bool same = k.has_value() && r.regions[*k].changes.size() == changes.size();
            for (std::size_t c = 0; same && c < changes.size(); ++c) {
                const diff_change& expected = r.regions[*k].changes[c];
                same = expected.item == changes[c].item && expected.before.lo == changes[c].before.lo &&
                       expected.after.lo == changes[c].after.lo;
            }
            if (same) ++w.per_region[*k];
            else ++w.changed_unplaced;
        }
    }
    return w;
}

}  // namespace trappe
