// The exact cover behind diff's regions: a point lies in a box of outcome k exactly
// when its cell has outcome k, on random partitions.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "analysis/region_cover.hpp"

namespace trappe::detail {
namespace {

// A grid over three finite features (0..3, 0..1, 0..4) and an interval feature
// (0..99, cut at 30 and 70): one cell per grid point and interval piece.
struct grid {
    cell_table cells;
    std::vector<std::int32_t> outcome_of;  // per cell, in the order added
};

constexpr std::int64_t cuts[] = {0, 30, 70, 100};

grid make_grid(std::mt19937_64& rng, int outcomes) {
    grid g;
    g.cells.features = {{{0, 3}, true}, {{0, 1}, true}, {{0, 4}, true}, {{0, 99}, false}};
    std::uniform_int_distribution<int> pick(0, outcomes);
    for (std::int64_t a = 0; a <= 3; ++a)
        for (std::int64_t b = 0; b <= 1; ++b)
            for (std::int64_t c = 0; c <= 4; ++c)
                for (int piece = 0; piece < 3; ++piece) {
                    // Mostly structured (so boxes can grow), sometimes random.
                    std::int32_t outcome = (a >= 2 && b == 1) ? 1 : (c == 4 && piece == 2) ? 2 : 0;
                    if (pick(rng) == 0) outcome = static_cast<std::int32_t>(pick(rng));
                    std::vector<feature_span> cell;
                    for (std::size_t f = 0; f < 3; ++f) {
                        const std::int64_t v = f == 0 ? a : f == 1 ? b : c;
                        cell.push_back(g.cells.features[f].span_of({v, v}));
                    }
                    cell.push_back({cuts[piece], cuts[piece + 1] - 1, 0});
                    g.cells.add(cell, outcome);
                    g.outcome_of.push_back(outcome);
                }
    return g;
}

TEST(RegionCoverTest, BoxesHoldExactlyTheCellsOfTheirOutcome) {
    std::mt19937_64 rng(14);
    for (int round = 0; round < 200; ++round) {
        const int outcomes = 1 + round % 4;
        const grid g = make_grid(rng, outcomes);
        std::vector<std::int32_t> wanted;
        for (int k = 1; k <= std::max(outcomes, 2); ++k) wanted.push_back(k);  // 2: the structured outcome
        const std::vector<cover_box> boxes = cover_cells(g.cells, wanted, {3, 2, 1, 0});
        // Every point of the space: its outcome from the grid, against the boxes holding it.
        std::size_t cell = 0;
        for (std::int64_t a = 0; a <= 3; ++a)
            for (std::int64_t b = 0; b <= 1; ++b)
                for (std::int64_t c = 0; c <= 4; ++c)
                    for (int piece = 0; piece < 3; ++piece, ++cell)
                        for (std::int64_t x : {cuts[piece], cuts[piece + 1] - 1}) {
                            const std::int64_t point[] = {a, b, c, x};
                            bool in_own = false;
                            for (const cover_box& box : boxes) {
                                bool inside = true;
                                for (std::size_t f = 0; f < 4; ++f)
                                    inside = inside && g.cells.features[f].contains(
                                                           box.spans[f], g.cells.features[f].span_of({point[f], point[f]}));
                                if (!inside) continue;
                                ASSERT_EQ(box.outcome, g.outcome_of[cell]) << "round " << round << " a=" << a << " b=" << b
                                                                          << " c=" << c << " x=" << x;
                                in_own = true;
                            }
                            if (g.outcome_of[cell] != 0) {
                                ASSERT_TRUE(in_own) << "round " << round << ": a point left out";
                            }
                        }
    }
}

TEST(RegionCoverTest, MergesSiblingCellsAndGrowsToFewBoxes) {
    std::mt19937_64 rng(1);
    grid g = make_grid(rng, 1000000);  // practically never random: the structured outcomes only
    const std::vector<cover_box> boxes = cover_cells(g.cells, {1, 2}, {3, 2, 1, 0});
    // Outcome 1 is one box (a >= 2, b = 1); outcome 2 one more (c = 4, x >= 70, outside outcome 1).
    std::size_t ones = 0;
    for (const cover_box& box : boxes) ones += box.outcome == 1;
    EXPECT_EQ(ones, 1u);
    EXPECT_LE(boxes.size(), 4u);
    EXPECT_LT(g.cells.size(), 4u * 2 * 5 * 3);  // siblings merged as they arrived
}

}  // namespace
}  // namespace trappe::detail
