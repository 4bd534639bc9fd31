#pragma once
// Private to src/analysis: what diff compares (items), what its regions may
// restrict (features), and the joint exploration of both packs behind them.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/region_cover.hpp"
#include "trappe/analysis/diff.hpp"
#include "trappe/analysis/regions.hpp"

namespace trappe::detail {

/// Where a decision holds an item: a symbol's value, or a part of an offer.
struct item_source {
    enum class kind : std::uint8_t { symbol, eligible, step, review } what = kind::symbol;
    std::size_t index = 0;  // symbol id, or offer index

    [[nodiscard]] value_range read(const decision& d) const;
};

/// One compared item: where each pack computes it (an index into its targets)
/// and how its values read.
struct compared_item {
    diff_item shown;
    item_source source[2];
    std::size_t target[2] = {0, 0};
    const type_info* type[2] = {nullptr, nullptr};
    bool same_encoding = true;  // both types number their values alike: compare numbers
};

/// A feature: an input of the explored space, the date case, or a compared item's
/// value in the first pack.
struct feature_source {
    enum class kind : std::uint8_t { input, date_case, derived } what = kind::input;
    std::size_t index = 0;  // space input, or compared item
    symbol_id symbol = 0;   // derived: the symbol in the first pack
    bool unassessed_bit = false;  // an input whose "ikke vurderet" is the value domain.hi
};

/// The joint space of both packs and how its regions are described; shared by a
/// diff_result, so regions can be looked up after diff() returns.
struct diff_space {
    analysis::explorer explorer;
    std::vector<compared_item> items;
    std::vector<cover_feature> cover;
    std::vector<feature_source> sources;
    std::vector<diff_feature> shown;
    /// Per date case: the values of the first pack's date-only yes/no definitions
    /// ("voksen", "under folkepensionsalder"), to describe sets of cases.
    std::vector<symbol_id> date_symbols;
    std::vector<std::vector<std::int64_t>> date_case_values;  // per case, per date symbol

    /// Per region of the result: its conditions as (feature, span).
    std::vector<std::vector<std::pair<std::size_t, feature_span>>> region_boxes;

    explicit diff_space(analysis::explorer e) : explorer(std::move(e)) {}

    /// Builds the items, targets and explorer for the two plans.
    static std::shared_ptr<diff_space> make(const plan& before, const plan& after, std::vector<std::string>& notes);

    /// The outcome of two values of item i: whether they differ.
    [[nodiscard]] bool differs(std::size_t i, value_range before, value_range after) const;
    [[nodiscard]] std::string value_text(std::size_t i, int side, value_range v) const;
    /// A condition's values: "niveau 2 eller højere".
    [[nodiscard]] std::string values_text(std::size_t feature, const feature_span& span) const;
    /// A condition's text: "praktiske opgaver niveau 2 eller højere".
    [[nodiscard]] std::string condition_text(std::size_t feature, const feature_span& span) const;
    /// A leaf's spans on every feature; `values` are the leaf's target values per plan.
    [[nodiscard]] std::vector<feature_span> cell_of(const analysis::region& where,
                                                    std::span<const std::vector<value_range>> values) const;
};

}  // namespace trappe::detail
