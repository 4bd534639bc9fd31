#pragma once
// Private to src/analysis: an exact cover of the cells of a partition by few boxes.
//
// The input space is partitioned into cells (the explorer's leaves), each a box over
// the features and labelled with an outcome. For each outcome the cover finds
// boxes that hold no cell of another outcome, and together hold every cell of
// their own: so a point lies in a box of outcome k exactly when its cell has
// outcome k. Boxes grow greedily, one feature at a time, in the caller's order
// of features to drop first.

#include <cstdint>
#include <vector>

#include "trappe/common/value_range.hpp"

namespace trappe::detail {

/// The values a cell or box allows on one feature. A finite feature (domain of
/// at most 64 values) uses `bits` (bit k: domain.lo + k); another uses [lo, hi].
struct feature_span {
    std::int64_t lo = 0, hi = 0;
    std::uint64_t bits = 0;
};

struct cover_feature {
    value_range domain;  // every value the feature can take
    bool finite = false;

    [[nodiscard]] feature_span span_of(value_range v) const;
    [[nodiscard]] value_range range_of(const feature_span& s) const;
    [[nodiscard]] feature_span full() const { return span_of(domain); }
    [[nodiscard]] bool intersects(const feature_span& a, const feature_span& b) const;
    [[nodiscard]] bool contains(const feature_span& outer, const feature_span& inner) const;
    [[nodiscard]] bool is_full(const feature_span& s) const;
};

/// Cells stored feature-major per cell: cell c's span on feature f is spans[c * features + f].
struct cell_table {
    std::vector<cover_feature> features;
    std::vector<feature_span> spans;
    std::vector<std::int32_t> outcomes;  // per cell

    [[nodiscard]] std::size_t size() const { return outcomes.size(); }
    [[nodiscard]] const feature_span* cell(std::size_t c) const { return spans.data() + c * features.size(); }
    /// Adds a cell; merges it into the last one when both have the same outcome and
    /// differ on one feature only (their union is then a box: exactly the two cells).
    void add(const std::vector<feature_span>& cell, std::int32_t outcome);
};

struct cover_box {
    std::int32_t outcome = 0;
    std::vector<feature_span> spans;
};

/// Boxes for every outcome in `wanted` (each a non-negative outcome id), grown over
/// features in `drop_order` (features listed first are widened to any value first).
std::vector<cover_box> cover_cells(const cell_table& cells, const std::vector<std::int32_t>& wanted,
                                   const std::vector<std::size_t>& drop_order);

}  // namespace trappe::detail
