#pragma once
// Helpers shared by the test suites.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "batch_of_profiles.hpp"
#include "trappe/population/synthetic.hpp"
#include "trappe/trappe.hpp"

namespace trappe::testing {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Checks and compiles rule text held in memory; fails the test on rule errors.
inline std::shared_ptr<const plan> plan_from(const std::string& text) {
    const check_result r = check_sources({{"test.trappe", text}});
    EXPECT_TRUE(r.ok()) << r.report();
    return r.ok() ? compile(r.checked) : nullptr;
}

/// The shipped Roskilde pack, compiled once per process.
/// The plan of a shipped pack; null (and a test failure) when it does not check.
inline std::shared_ptr<const plan> plan_of_pack(const std::string& directory) {
    const check_result r = check_rules(directory);
    EXPECT_TRUE(r.ok()) << r.report();
    return r.ok() ? compile(r.checked) : nullptr;
}

inline std::shared_ptr<const plan> roskilde() {
    static const std::shared_ptr<const plan> p = plan_of_pack("rules/roskilde-2025");
    return p;
}

/// The cross-authority pack (rules/tvaergaende-2025), whose worked examples are F-K.
inline std::shared_ptr<const plan> tvaergaende() {
    static const std::shared_ptr<const plan> p = plan_of_pack("rules/tvaergaende-2025");
    return p;
}

inline decision evaluate_ok(const plan& p, const profile& in) {
    evaluation result = evaluate(p, in);
    if (const auto* e = std::get_if<input_error>(&result)) ADD_FAILURE() << e->describe();
    return std::get<decision>(std::move(result));
}

/// The profiles in examples/profiles/worked-examples.jsonl (A, B, C, D, E).
/// The profiles of a shipped example file: by default the Roskilde worked examples A-E;
/// examples/profiles/tvaergaende-2025.jsonl holds F-K.
inline std::vector<profile> worked_examples(const plan& p,
                                            const std::string& path = "examples/profiles/worked-examples.jsonl") {
    std::vector<profile> out;
    for (profile_row& row : read_profiles(p, path)) {
        EXPECT_TRUE(row.values.has_value());
        if (row.values) out.push_back(std::move(*row.values));
    }
    return out;
}

inline value_range point(std::int64_t v) { return {v, v}; }

/// The interval hull of possible values: what evaluate_batch writes (lo and hi columns).
inline value_range hull(value_range v) { return {v.lo, v.hi}; }

/// Profiles evaluated as one batch (int64 columns): per row, the range of each
/// batch output (batch_outputs(p)), or nothing for a row with an input error;
/// the batch's summary goes to `summary` when given.
inline std::vector<std::optional<std::vector<value_range>>> evaluate_as_batch(const plan& p,
                                                                              const std::vector<profile>& rows,
                                                                              batch_summary* summary = nullptr) {
    batch_run run = run_as_batch(p, rows);
    if (summary != nullptr) *summary = std::move(run.summary);
    std::vector<std::optional<std::vector<value_range>>> result(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (run.status[r] == row_status::error) continue;
        result[r].emplace();
        for (std::size_t o = 0; o < run.lo.size(); ++o) result[r]->push_back({run.lo[o][r], run.hi[o][r]});
    }
    return result;
}

/// The ordinal of an enum or level value by name, e.g. value_of(p, "stoettebehov", "hoejt").
inline std::int64_t value_of(const plan& p, const std::string& symbol, const std::string& value) {
    const auto s = p.rules().find(symbol);
    EXPECT_TRUE(s.has_value()) << symbol;
    const auto v = p.rules().type_of(*s).value_of(value);
    EXPECT_TRUE(v.has_value()) << value;
    return v.value_or(-1);
}

}  // namespace trappe::testing
