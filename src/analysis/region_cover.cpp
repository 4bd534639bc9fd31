// Greedy exact cover; see region_cover.hpp.

#include "analysis/region_cover.hpp"

#include <algorithm>

namespace trappe::detail {
namespace {

std::uint64_t low_bits(std::int64_t count) {
    return count >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
}

bool same_span(const feature_span& a, const feature_span& b) { return a.lo == b.lo && a.hi == b.hi && a.bits == b.bits; }

// The union of two spans of one feature when it is one span (always for finite
// features; for intervals only when they touch or overlap).
bool unite(const cover_feature& f, const feature_span& a, const feature_span& b, feature_span& out) {
    if (f.finite) {
        out = {0, 0, a.bits | b.bits};
        return true;
    }
    if (a.hi < b.lo - 1 || b.hi < a.lo - 1) return false;
    out = {std::min(a.lo, b.lo), std::max(a.hi, b.hi), 0};
    return true;
}

// The search for one box: which cells of other outcomes it misses, and on how many features.
class box_growth {
public:
    box_growth(const cell_table& cells, std::int32_t outcome, const feature_span* seed)
        : cells_(cells), n_(cells.features.size()), box_(seed, seed + n_), misses_(cells.size(), 0), single_(n_) {
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (cells.outcomes[c] == outcome) continue;
            others_.push_back(c);
            const feature_span* s = cells.cell(c);
            std::size_t last = 0;
            for (std::size_t f = 0; f < n_; ++f)
                if (!cells.features[f].intersects(box_[f], s[f])) {
                    ++misses_[c];
                    last = f;
                }
            if (misses_[c] == 1) single_[last].push_back(c);
        }
    }

    // Widens feature f to `wider` if no cell of another outcome falls inside.
    bool try_widen(std::size_t f, const feature_span& wider) {
        const cover_feature& feature = cells_.features[f];
        for (std::size_t c : single_[f])
            if (misses_[c] == 1 && feature.intersects(wider, cells_.cell(c)[f]) && only_miss_is(c, f)) return false;
        for (std::size_t c : others_) {
            const feature_span& s = cells_.cell(c)[f];
            if (feature.intersects(box_[f], s) || !feature.intersects(wider, s)) continue;
            if (--misses_[c] == 1) single_[single_miss(c, f, wider)].push_back(c);
        }
        box_[f] = wider;
        return true;
    }

    [[nodiscard]] const std::vector<feature_span>& box() const { return box_; }

private:
    // Whether f is the one feature on which cell c misses the box (entries in single_ may be stale).
    bool only_miss_is(std::size_t c, std::size_t f) const {
        const feature_span* s = cells_.cell(c);
        for (std::size_t g = 0; g < n_; ++g)
            if (g != f && !cells_.features[g].intersects(box_[g], s[g])) return false;
        return true;
    }
    std::size_t single_miss(std::size_t c, std::size_t widened, const feature_span& wider) const {
        const feature_span* s = cells_.cell(c);
        for (std::size_t g = 0; g < n_; ++g) {
            const feature_span& b = g == widened ? wider : box_[g];
            if (!cells_.features[g].intersects(b, s[g])) return g;
        }
        return 0;
    }

    const cell_table& cells_;
    std::size_t n_;
    std::vector<feature_span> box_;
    std::vector<std::size_t> others_;
    std::vector<std::uint32_t> misses_;
    std::vector<std::vector<std::size_t>> single_;  // per feature: cells missing the box there only
};

// Grows one feature: to any value, else (a finite feature) value by value, else
// (an interval) as far down and up as it goes.
void grow(box_growth& g, const cover_feature& feature, std::size_t f) {
    const feature_span current = g.box()[f];
    if (feature.is_full(current) || g.try_widen(f, feature.full())) return;
    if (feature.finite) {
        const std::int64_t width = feature.domain.hi - feature.domain.lo + 1;
        const std::uint64_t domain_bits = feature.full().bits;
        // Nearest values first, so that runs ("niveau 2 eller højere") form.
        for (std::int64_t distance = 1; distance < width; ++distance)
            for (std::int64_t k = 0; k < width; ++k) {
                const std::uint64_t bit = std::uint64_t{1} << k;
                const std::uint64_t have = g.box()[f].bits;
                if ((have & bit) || !(domain_bits & bit)) continue;
                const bool near = (k >= distance && (have >> (k - distance) & 1)) ||
                                  (k + distance < width && (have >> (k + distance) & 1));
                if (near) g.try_widen(f, {0, 0, have | bit});
            }
        return;
    }
    // An interval: as far down, then up, as it goes, halving the step at each refusal.
    for (std::int64_t step = g.box()[f].lo - feature.domain.lo; step > 0 && g.box()[f].lo > feature.domain.lo;)
        if (!g.try_widen(f, {std::max(feature.domain.lo, g.box()[f].lo - step), g.box()[f].hi, 0})) step /= 2;
    for (std::int64_t step = feature.domain.hi - g.box()[f].hi; step > 0 && g.box()[f].hi < feature.domain.hi;)
        if (!g.try_widen(f, {g.box()[f].lo, std::min(feature.domain.hi, g.box()[f].hi + step), 0})) step /= 2;
}

// Rewrites a finished box's finite features without changing the points it holds:
// a value no cell inside the box reaches (on the other features) may be left in or
// out. The box takes any value where that makes it whole (the condition goes), else
// the run from its lowest to its highest needed value where it can, else only
// the values needed: "moderat" rather than "intet eller moderat eller højere"
// where no profile in the box has støttebehov intet, højt or fuldstændigt.
// Per feature: the values that cells meeting the box on every other feature have there.
std::vector<std::uint64_t> reached_values(const cell_table& cells, const std::vector<feature_span>& box) {
    const std::size_t n = cells.features.size();
    std::vector<std::uint64_t> reached(n, 0);
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const feature_span* s = cells.cell(c);
        std::size_t misses = 0, missed = 0;
        for (std::size_t f = 0; f < n && misses < 2; ++f)
            if (!cells.features[f].intersects(box[f], s[f])) {
                ++misses;
                missed = f;
            }
        if (misses == 0)
            for (std::size_t f = 0; f < n; ++f) reached[f] |= s[f].bits;
        else if (misses == 1)
            reached[missed] |= s[missed].bits;
    }
    return reached;
}

void tidy(const cell_table& cells, std::vector<feature_span>& box) {
    const std::size_t n = cells.features.size();
    // One feature at a time: a change there changes what the others reach.
    for (std::size_t round = 0; round < 2 * n; ++round) {
        const std::vector<std::uint64_t> reached = reached_values(cells, box);
        bool changed = false;
        for (std::size_t f = 0; f < n && !changed; ++f) {
            const cover_feature& feature = cells.features[f];
            if (!feature.finite || feature.is_full(box[f])) continue;
            const std::uint64_t full = feature.full().bits, needed = box[f].bits & reached[f], free = full & ~reached[f];
            if (needed == 0) continue;  // cannot happen for a box grown from a cell
            const int first = __builtin_ctzll(needed), last = 63 - __builtin_clzll(needed);
            const std::uint64_t run = low_bits(last + 1) & ~low_bits(first);
            feature_span tidied{0, 0, needed};
            if ((needed | free) == full) tidied = feature.full();
            else if ((run & ~(needed | free)) == 0) tidied = {0, 0, run};
            changed = !same_span(tidied, box[f]);
            box[f] = tidied;
        }
        if (!changed) return;
    }
}

}  // namespace

feature_span cover_feature::span_of(value_range v) const {
    if (!finite) return {v.lo, v.hi, 0};
    const std::uint64_t bits = v.mask != 0 ? v.mask : low_bits(v.hi - v.lo + 1);
    return {0, 0, bits << static_cast<unsigned>(v.lo - domain.lo)};
}

value_range cover_feature::range_of(const feature_span& s) const {
    if (!finite) return {s.lo, s.hi};
    return value_range::of_bits(domain.lo, s.bits);
}

bool cover_feature::intersects(const feature_span& a, const feature_span& b) const {
    return finite ? (a.bits & b.bits) != 0 : a.lo <= b.hi && b.lo <= a.hi;
}

bool cover_feature::contains(const feature_span& outer, const feature_span& inner) const {
    return finite ? (inner.bits & ~outer.bits) == 0 : outer.lo <= inner.lo && inner.hi <= outer.hi;
}

bool cover_feature::is_full(const feature_span& s) const { return contains(s, full()); }

void cell_table::add(const std::vector<feature_span>& cell, std::int32_t outcome) {
    const std::size_t n = features.size();
    std::vector<feature_span> merged = cell;
    // Merge with the last cell while possible: siblings of the explorer's tree arrive together.
    while (!outcomes.empty() && outcomes.back() == outcome) {
        const feature_span* last = spans.data() + (outcomes.size() - 1) * n;
        std::size_t differing = n, count = 0;
        for (std::size_t f = 0; f < n && count < 2; ++f)
            if (!same_span(last[f], merged[f])) {
                differing = f;
                ++count;
            }
        feature_span united;
        if (count > 1) break;
        if (count == 1 && !unite(features[differing], last[differing], merged[differing], united)) break;
        if (count == 1) merged[differing] = united;
        spans.resize(spans.size() - n);
        outcomes.pop_back();
    }
    spans.insert(spans.end(), merged.begin(), merged.end());
    outcomes.push_back(outcome);
}

std::vector<cover_box> cover_cells(const cell_table& cells, const std::vector<std::int32_t>& wanted,
                                   const std::vector<std::size_t>& drop_order) {
    std::vector<cover_box> out;
    const std::size_t n = cells.features.size();
    const auto inside = [&](const cover_box& inner, const cover_box& outer) {
        for (std::size_t f = 0; f < n; ++f)
            if (!cells.features[f].contains(outer.spans[f], inner.spans[f])) return false;
        return true;
    };
    for (std::int32_t outcome : wanted) {
        const std::size_t first = out.size();
        std::vector<std::size_t> open;
        for (std::size_t c = 0; c < cells.size(); ++c)
            if (cells.outcomes[c] == outcome) open.push_back(c);
        while (!open.empty()) {
            box_growth g(cells, outcome, cells.cell(open.front()));
            for (std::size_t f : drop_order) grow(g, cells.features[f], f);
            const std::vector<feature_span>& box = g.box();
            // The cells of this outcome the box holds whole are done; the seed always is.
            std::erase_if(open, [&](std::size_t c) {
                const feature_span* s = cells.cell(c);
                for (std::size_t f = 0; f < n; ++f)
                    if (!cells.features[f].contains(box[f], s[f])) return false;
                return true;
            });
            std::vector<feature_span> tidied = box;
            tidy(cells, tidied);
            out.push_back({outcome, std::move(tidied)});
        }
        // A later box can swallow an earlier one of the same outcome: the earlier adds nothing.
        for (std::size_t k = first; k < out.size();) {
            bool redundant = false;
            for (std::size_t j = first; j < out.size() && !redundant; ++j)
                redundant = j != k && inside(out[k], out[j]) && (!inside(out[j], out[k]) || j < k);
            if (redundant) out.erase(out.begin() + static_cast<std::ptrdiff_t>(k));
            else ++k;
        }
    }
    return out;
}

}  // namespace trappe::detail
