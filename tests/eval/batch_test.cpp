#include <cmath>

#include "test_support.hpp"

namespace trappe {
namespace {

struct batch_run {
    std::vector<std::vector<std::int64_t>> lo, hi;
    std::vector<row_status> status;
    batch_summary summary;
};

batch_run run_batch(const plan& p, const population& pop, unsigned threads = 0) {
    const std::vector<input_column> inputs = pop.columns_for(p);
    const std::size_t outputs = batch_outputs(p).size();
    batch_run r;
    r.lo.assign(outputs, std::vector<std::int64_t>(pop.rows));
    r.hi = r.lo;
    std::vector<output_column> cols(outputs);
    for (std::size_t o = 0; o < outputs; ++o) cols[o] = {element_type::i64, r.lo[o].data(), r.hi[o].data()};
    r.status.resize(pop.rows);
    r.summary = evaluate_batch(p, pop.rows, inputs, cols, r.status.data(), {threads});
    return r;
}

profile profile_of(const plan& p, const population& pop, std::size_t r) {
    profile in(p);
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const population::column* c = pop.find(p.rules().symbols[p.inputs()[i]].name);
        if (c == nullptr) continue;
        if (!c->valid[r]) continue;
        in.set(i, c->type == element_type::i32 ? c->dates[r] : c->small[r]);
    }
    return in;
}

void expect_same_as_single_evaluation(const plan& p, const population& pop) {
    const batch_run b = run_batch(p, pop);
    const std::vector<symbol_id> outputs = batch_outputs(p);
    std::size_t mismatches = 0;
    for (std::size_t r = 0; r < pop.rows; ++r) {
        const decision d = testing::evaluate_ok(p, profile_of(p, pop, r));
        bool determined = true;
        for (std::size_t o = 0; o < outputs.size(); ++o) {
            const value_range v = d.value(outputs[o]);
            determined = determined && v.determined();
            if (testing::hull(v) != value_range{b.lo[o][r], b.hi[o][r]} && ++mismatches < 5)
                ADD_FAILURE() << "row " << r << " " << p.rules().symbols[outputs[o]].name;
        }
        EXPECT_EQ(b.status[r], determined ? row_status::determined : row_status::undetermined) << "row " << r;
    }
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(b.summary.errors, 0u);
    EXPECT_EQ(b.summary.determined + b.summary.undetermined, pop.rows);
}

TEST(BatchTest, MatchesSingleEvaluationOnMixedSyntheticRows) {
    const auto plan = testing::roskilde();
    const population pop = synthetic_population(100000, 42);
    expect_same_as_single_evaluation(*plan, pop);
}

TEST(BatchTest, MatchesSingleEvaluationOnFullyAssessedRows) {
    const auto plan = testing::roskilde();
    population pop = synthetic_population(100000, 43);
    for (auto& c : pop.columns) std::fill(c.valid.begin(), c.valid.end(), 1);
    expect_same_as_single_evaluation(*plan, pop);
}

TEST(BatchTest, OneThreadAndTwoThreadsAgree) {
    const auto plan = testing::roskilde();
    const population pop = synthetic_population(20000, 5);
    const batch_run one = run_batch(*plan, pop, 1);
    const batch_run two = run_batch(*plan, pop, 2);
    EXPECT_EQ(one.lo, two.lo);
    EXPECT_EQ(one.hi, two.hi);
    EXPECT_EQ(one.status, two.status);
}

TEST(BatchTest, BadRowsAreReportedAndTheRestEvaluated) {
    const auto plan = testing::roskilde();
    population pop = synthetic_population(1000, 9);
    const_cast<population::column*>(pop.find("relationer"))->small[10] = 9;
    const_cast<population::column*>(pop.find("foedselsdato"))->valid[20] = 0;
    const_cast<population::column*>(pop.find("vurderingsdato"))->dates[30] = *parse_date("2024-01-01");
    const batch_run b = run_batch(*plan, pop);
    ASSERT_EQ(b.summary.errors, 3u);
    EXPECT_EQ(b.summary.problems[0].describe(), "row 11, field 'relationer': value out of range 0..4");
    EXPECT_EQ(b.summary.problems[1].describe(), "row 21, field 'foedselsdato': is required and cannot be ikke vurderet");
    EXPECT_EQ(b.summary.problems[2].describe(),
              "row 31, field 'vurderingsdato': is before the first date the rules apply (2025-06-01)");
    EXPECT_EQ(b.status[10], row_status::error);
    EXPECT_EQ(b.summary.determined + b.summary.undetermined + b.summary.errors, pop.rows);
}

TEST(PopulationTest, IsDeterministicPerSeedAndCanBeMadeInPieces) {
    const population a = synthetic_population(3000, 11);
    const population b = synthetic_population(3000, 11);
    const population c = synthetic_population(3000, 12);
    const population tail = synthetic_population(1000, 11, 2000);
    for (std::size_t f = 0; f < a.columns.size(); ++f) {
        EXPECT_EQ(a.columns[f].small, b.columns[f].small);
        EXPECT_EQ(a.columns[f].dates, b.columns[f].dates);
        EXPECT_EQ(a.columns[f].valid, b.columns[f].valid);
        if (a.columns[f].type == element_type::i8) {
            EXPECT_TRUE(std::equal(tail.columns[f].small.begin(), tail.columns[f].small.end(), a.columns[f].small.begin() + 2000));
        }
    }
    EXPECT_NE(a.find("relationer")->small, c.find("relationer")->small);
    EXPECT_EQ(tail.borger_id[0], "syn-11-2000");
}

TEST(PopulationTest, HasTheDocumentedShape) {
    const auto plan = testing::roskilde();
    const population pop = synthetic_population(50000, 3);
    const auto& birth = pop.find("foedselsdato")->dates;
    const auto& assessed = pop.find("vurderingsdato")->dates;
    std::size_t young = 0, with_unassessed = 0;
    for (std::size_t r = 0; r < pop.rows; ++r) {
        const std::int64_t age = age_in_years(birth[r], assessed[r]);
        ASSERT_GE(age, 18);
        ASSERT_LE(age, 90);
        young += age <= 40;
        std::size_t missing = 0;
        for (const auto& c : pop.columns) missing += c.name != "stoettebehov_vurderet" && !c.valid[r];
        ASSERT_LE(missing, 3u);
        with_unassessed += missing > 0;
    }
    const auto rows = static_cast<double>(pop.rows);
    EXPECT_NEAR(static_cast<double>(young) / rows, 0.5, 0.03);
    EXPECT_NEAR(static_cast<double>(with_unassessed) / rows, 0.2, 0.03);
    // The themes are correlated through the latent severity.
    const auto& a = pop.find("praktiske_opgaver")->small;
    const auto& b = pop.find("relationer")->small;
    double ma = 0, mb = 0, cov = 0, va = 0, vb = 0;
    for (std::size_t r = 0; r < pop.rows; ++r) ma += a[r], mb += b[r];
    ma /= rows, mb /= rows;
    for (std::size_t r = 0; r < pop.rows; ++r)
        cov += (a[r] - ma) * (b[r] - mb), va += (a[r] - ma) * (a[r] - ma), vb += (b[r] - mb) * (b[r] - mb);
    EXPECT_GT(cov / std::sqrt(va * vb), 0.4);
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

// Review findings on the typed block program, each pinned by a test.
constexpr const char* wide_table = R"(
type sb = enum { intet, let, moderat, hoejt }
input s : sb "Støttebehov"
input b : bool "Et andet forhold"
input sag : string "Sagsnummer" required
param timer : integer
  table by sb { intet -> 0  let -> 40  moderat -> 130  hoejt -> 300 }
define t = timer(s)
define also = if b then t + 1 else t
output t, also, sag
)";

// Rows of the given (s, b) values; -1 leaves the item unassessed.
std::vector<profile> rows_of(const plan& p, const std::vector<std::pair<int, int>>& cells) {
    std::vector<profile> out;
    for (const auto& [s, b] : cells) {
        profile in(p);
        in.set_text(*p.input_index("sag"), "1");
        if (s >= 0) in.set(*p.input_index("s"), s);
        if (b >= 0) in.set(*p.input_index("b"), b);
        out.push_back(in);
    }
    return out;
}

TEST(BatchLaneTest, TableValuesWiderThanTheirKeyKeepTheirValueOnBothPaths) {
    const auto plan = testing::plan_from(wide_table);
    ASSERT_NE(plan, nullptr);
    // Plain rows, rows whose unassessed b reaches an output, and an unassessed key.
    const std::vector<profile> rows = rows_of(*plan, {{2, 0}, {3, 1}, {2, -1}, {3, -1}, {-1, 0}});
    const auto batch = testing::evaluate_as_batch(*plan, rows);
    const std::vector<symbol_id> outputs = batch_outputs(*plan);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const decision d = testing::evaluate_ok(*plan, rows[r]);
        ASSERT_TRUE(batch[r].has_value());
        for (std::size_t o = 0; o < outputs.size(); ++o)
            EXPECT_EQ((*batch[r])[o], d.value(outputs[o])) << "row " << r << " " << plan->rules().symbols[outputs[o]].name;
    }
    EXPECT_EQ((*batch[3])[0], testing::point(300));
    EXPECT_EQ((*batch[4])[0], (value_range{0, 300}));
}

TEST(BatchLaneTest, ARequiredStringLeftUnassessedIsARowError) {
    const auto plan = testing::plan_from(wide_table);
    ASSERT_NE(plan, nullptr);
    std::vector<profile> rows = rows_of(*plan, {{1, 0}, {1, 0}});
    rows[1].set_unassessed(*plan->input_index("sag"));
    EXPECT_TRUE(std::holds_alternative<input_error>(evaluate(*plan, rows[1])));
    const auto batch = testing::evaluate_as_batch(*plan, rows);
    EXPECT_TRUE(batch[0].has_value());
    EXPECT_FALSE(batch[1].has_value()) << "the batch accepted what evaluate() refuses";
}

TEST(DecisionReuseTest, ADecisionReusedAcrossPlansTakesEachPlansParameters) {
    const check_result checked = check_sources({{"test.trappe", std::string(wide_table) + "param extra : integer = 1\ndefine plus = t + extra\noutput plus\n"}});
    ASSERT_TRUE(checked.ok()) << checked.report();
    decision d;
    for (std::int64_t extra : {5, 7, 9}) {
        // The caller lets each plan go before the next is compiled; the decision lets
        // it go when it moves on to the next one.
        const auto plan = compile(checked.checked, {{"extra", extra}});
        const profile in = rows_of(*plan, {{1, 0}})[0];
        ASSERT_FALSE(evaluate(*plan, in, d).has_value());
        EXPECT_EQ(*d.value("plus"), testing::point(40 + extra));
    }
}

// A decision shares its plan: reading it after the caller released the plan is
// safe (under ASan, the sanitizer stage of CI, a dangling plan would be reported).
TEST(DecisionLifetimeTest, ADecisionAndAnExplanationOutliveTheCallersPlan) {
    const check_result checked = check_rules("rules/roskilde-2025");
    ASSERT_TRUE(checked.ok());
    auto plan = compile(checked.checked);  // not the tests' shared plan: this one must go
    const std::weak_ptr<const trappe::plan> watch = plan;
    const profile in = testing::worked_examples(*plan).at(0);
    decision d = testing::evaluate_ok(*plan, in);
    auto explained = explain(*plan, in);
    const std::string json_before = to_json(d);
    plan.reset();
    EXPECT_FALSE(watch.expired()) << "the decision does not keep its plan";
    EXPECT_EQ(to_json(d), json_before);
    EXPECT_EQ(*d.value("trin"), testing::point(3));
    ASSERT_TRUE(std::holds_alternative<explanation>(explained));
    EXPECT_NE(to_text(std::get<explanation>(explained)).find("trin"), std::string::npos);
    d = decision();
    explained = input_error{};
    EXPECT_TRUE(watch.expired()) << "the plan outlives every decision";
}

TEST(DecisionLifetimeTest, APlanNotOwnedBySharedPtrIsRefused) {
    const auto owned = testing::plan_from("input x : integer\ndefine y = x\noutput y\n");
    ASSERT_NE(owned, nullptr);
    plan moved = std::move(const_cast<trappe::plan&>(*owned));  // misuse: a plan outside compile()'s shared_ptr
    profile in(moved);
    in.set(0, 1);
    EXPECT_THROW((void)evaluate(moved, in), std::invalid_argument);
}

TEST(DecisionReuseTest, AnAssessedFlagOtherThanOneMeansAssessed) {
    const auto plan = testing::plan_from(
        "input x : bool \"X\"\ninput y : bool \"Y\"\ndefine k = known(x) and y\ndefine z = if known(x) then x else y\noutput k, z\n");
    ASSERT_NE(plan, nullptr);
    profile in(*plan);
    in.set(0, 1);
    in.assessed[0] = 2;  // the public vector holds any byte; non-zero is assessed
    in.set_unassessed(1);
    const decision d = testing::evaluate_ok(*plan, in);
    EXPECT_EQ(*d.value("z"), testing::point(1));
    EXPECT_EQ(*d.value("k"), (value_range{0, 1}));
}

}  // namespace
}  // namespace trappe
