// Batch evaluation, single evaluation and the set path must agree on every row: the
// same row status (and for a bad row the same field), and the same value or range
// of every output. Two populations of a million rows each: the synthetic one, and
// one drawn uniformly over the whole input domain from the plan's inputs alone.

#include <algorithm>
#include <map>
#include <thread>

#include "eval/evaluate_on_sets.hpp"
#include "eval/uniform_population.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

constexpr std::size_t population_rows = 1'000'000;
constexpr unsigned threads = 2;
constexpr std::size_t mismatches_shown = 3;  // per kind of disagreement

using testing::read_cell;

bool assessed(const input_column& c, std::size_t r) { return c.valid == nullptr || c.valid[r] != 0; }

/// A profile for `p` whose string inputs carry a text: the batch never reads them and its
/// blocks treat them as given, and with them given a fully assessed row takes evaluate()'s
/// fast path. (Roskilde's one string input, borger_id, reaches no output.)
profile blank_profile(const plan& p) {
    profile in(p);
    for (std::size_t i = 0; i < p.inputs().size(); ++i)
        if (p.rules().type_of(p.inputs()[i]).kind == type_kind::string) in.set_text(i, "agreement");
    return in;
}

/// Row r of the columns into `in` (made by blank_profile), exactly as the batch reads it.
void load_row(std::span<const input_column> columns, std::size_t r, profile& in) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].data == nullptr) continue;
        if (assessed(columns[i], r)) {
            in.set(i, read_cell(columns[i], r));
        } else {
            in.values[i] = 0;  // no value left over from an earlier row
            in.set_unassessed(i);
        }
    }
}

/// Row r's inputs as text, for failure messages (the rows are synthetic, not personal data).
std::string describe_row(const plan& p, std::span<const input_column> columns, std::size_t r) {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].data == nullptr) continue;
        const type_info& t = p.rules().type_of(p.inputs()[i]);
        const std::int64_t v = read_cell(columns[i], r);
        std::string text = !assessed(columns[i], r) ? "ikke_vurderet(" + std::to_string(v) + ")"
                           : t.kind == type_kind::date && v > -3'000'000 && v < 3'000'000
                               ? format_date(static_cast<day_number>(v))
                               : std::to_string(v);
        out += (out.empty() ? "" : " ") + p.rules().symbols[p.inputs()[i]].name + "=" + text;
    }
    return out;
}

std::string text_of(value_range v) {
    if (v.determined()) return std::to_string(v.lo);
    std::string out = "[";  // appended, not "[" + ...: GCC 12 warns falsely (-Wrestrict) on that form
    out += std::to_string(v.lo);
    out += ",";
    out += std::to_string(v.hi);
    out += "]";
    return out;
}

const char* text_of(row_status s) {
    return s == row_status::determined ? "determined" : s == row_status::undetermined ? "undetermined" : "error";
}

struct batch_run {
    std::vector<std::vector<std::int64_t>> lo, hi;  // per batch output
    std::vector<row_status> status;
    batch_summary summary;
    std::vector<const input_error*> problem;  // per row: the batch's problem, or null
};

batch_run run_batch(const plan& p, std::size_t rows, std::span<const input_column> columns) {
    const std::size_t outputs = batch_outputs(p).size();
    batch_run b;
    b.lo.assign(outputs, std::vector<std::int64_t>(rows));
    b.hi = b.lo;
    std::vector<output_column> out(outputs);
    for (std::size_t o = 0; o < outputs; ++o) out[o] = {element_type::i64, b.lo[o].data(), b.hi[o].data()};
    b.status.assign(rows, row_status::determined);
    b.summary = evaluate_batch(p, rows, columns, out, b.status.data(), {threads});
    b.problem.assign(rows, nullptr);
    for (const input_error& e : b.summary.problems)
        if (e.row >= 1 && e.row <= rows) b.problem[e.row - 1] = &e;
    return b;
}

/// Disagreements by kind, with the first few of each kind described in full.
struct mismatch_log {
    struct kind_log {
        std::size_t count = 0;
        std::vector<std::pair<std::size_t, std::string>> first;  // row, description
    };
    std::size_t count = 0;
    std::map<std::string, kind_log> by_kind;

    void add(std::size_t row, const std::string& kind, const std::string& what) {
        ++count;
        kind_log& k = by_kind[kind];
        if (k.count++ < mismatches_shown) k.first.emplace_back(row, what);
    }
    void merge(const mismatch_log& other) {
        count += other.count;
        for (const auto& [kind, log] : other.by_kind) {
            kind_log& k = by_kind[kind];
            k.count += log.count;
            k.first.insert(k.first.end(), log.first.begin(), log.first.end());
        }
    }
};

std::string error_text(const input_error& e) { return "input error on '" + e.field + "' (" + e.message + ")"; }

// Single evaluation against the set path: the same error, or the same value of every
// output and the same outcome of every offer.
void compare_with_sets(const plan& p, std::size_t r, const evaluation& single, const evaluation& sets,
                       mismatch_log& log) {
    const auto* single_error = std::get_if<input_error>(&single);
    const auto* sets_error = std::get_if<input_error>(&sets);
    if (single_error != nullptr || sets_error != nullptr) {
        if (single_error == nullptr || sets_error == nullptr || single_error->field != sets_error->field)
            log.add(r, "sets status", std::string("single: ") + (single_error ? error_text(*single_error) : "a decision") +
                                          ", set path: " + (sets_error ? error_text(*sets_error) : "a decision"));
        return;
    }
    const decision& a = std::get<decision>(single);
    const decision& b = std::get<decision>(sets);
    for (symbol_id s : p.rules().outputs)
        if (a.value(s) != b.value(s))
            log.add(r, "sets value", "'" + p.rules().symbols[s].name + "': single " + text_of(a.value(s)) +
                                         ", set path " + text_of(b.value(s)));
    for (std::size_t o = 0; o < a.offers().size(); ++o) {
        const offer_outcome& x = a.offers()[o];
        const offer_outcome& y = b.offers()[o];
        if (x.eligible != y.eligible || x.step != y.step || x.review_months != y.review_months)
            log.add(r, "sets offer", "offer '" + p.rules().offers[o].name + "': single eligible " + text_of(x.eligible) +
                                         " step " + text_of(x.step) + ", set path eligible " + text_of(y.eligible) +
                                         " step " + text_of(y.step));
    }
}

// Batch against single evaluation: the status, the field of a bad row, every output's range.
void compare_with_batch(const plan& p, std::span<const symbol_id> outputs, const batch_run& b, std::size_t r,
                        const evaluation& single, mismatch_log& log) {
    const row_status status = b.status[r];
    if (const auto* e = std::get_if<input_error>(&single)) {
        if (status != row_status::error)
            log.add(r, "status", "single: " + error_text(*e) + ", batch: " + text_of(status));
        else if (b.problem[r] == nullptr || b.problem[r]->field != e->field)
            log.add(r, "error field", "single: " + error_text(*e) + ", batch: " +
                                          (b.problem[r] ? error_text(*b.problem[r]) : "no problem listed"));
        return;
    }
    if (status == row_status::error) {
        log.add(r, "status", "single: a decision, batch: " +
                                 (b.problem[r] ? error_text(*b.problem[r]) : std::string("error, no problem listed")));
        return;
    }
    const decision& d = std::get<decision>(single);
    bool determined = true;
    for (std::size_t o = 0; o < outputs.size(); ++o) {
        const value_range v = d.value(outputs[o]);
        determined = determined && v.determined();
        const value_range batch{b.lo[o][r], b.hi[o][r]};
        if (testing::hull(v) != batch)  // the batch writes the hull of the exact set
            log.add(r, "value", "'" + p.rules().symbols[outputs[o]].name + "': single " + text_of(v) + ", batch " +
                                    text_of(batch));
    }
    if (determined != (status == row_status::determined))
        log.add(r, "status", std::string("single: ") + (determined ? "determined" : "undetermined") +
                                 ", batch: " + text_of(status));
}

// Rows [begin, end): single evaluation and the set path of each row against the batch.
mismatch_log check_rows(const plan& p, std::span<const input_column> columns, const batch_run& b,
                        std::size_t begin, std::size_t end) {
    const std::vector<symbol_id> outputs = batch_outputs(p);
    profile in = blank_profile(p);
    mismatch_log log;
    for (std::size_t r = begin; r < end; ++r) {
        load_row(columns, r, in);
        const evaluation single = evaluate(p, in);
        const evaluation sets = detail::evaluate_on_sets(p, in);
        compare_with_batch(p, outputs, b, r, single, log);
        compare_with_sets(p, r, single, sets, log);
    }
    return log;
}

/// Runs the batch once, then compares every row on `threads` threads; returns the batch.
batch_run expect_agreement(const plan& p, std::size_t rows, std::span<const input_column> columns) {
    batch_run b = run_batch(p, rows, columns);

    // The problems list and the status column tell the same story.
    std::size_t error_rows = 0;
    for (row_status s : b.status) error_rows += s == row_status::error;
    EXPECT_EQ(b.summary.problems.size(), error_rows);
    EXPECT_EQ(b.summary.errors, error_rows);
    EXPECT_EQ(b.summary.rows, rows);
    EXPECT_EQ(b.summary.determined + b.summary.undetermined + b.summary.errors, rows);
    const auto stray = std::find_if(b.summary.problems.begin(), b.summary.problems.end(), [&](const input_error& e) {
        return e.row < 1 || e.row > rows || b.status[e.row - 1] != row_status::error;
    });
    EXPECT_TRUE(stray == b.summary.problems.end()) << "a problem on a row without error status: " << stray->describe();

    std::vector<mismatch_log> logs(threads);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] { logs[t] = check_rows(p, columns, b, rows * t / threads, rows * (t + 1) / threads); });
    for (std::thread& t : pool) t.join();
    mismatch_log all;
    for (const mismatch_log& l : logs) all.merge(l);

    if (all.count != 0) {
        std::string message = std::to_string(all.count) + " disagreements over " + std::to_string(rows) + " rows\n";
        for (auto& [kind, log] : all.by_kind) {
            message += kind + ": " + std::to_string(log.count) + ", the first:\n";
            std::sort(log.first.begin(), log.first.end());
            for (std::size_t m = 0; m < std::min(log.first.size(), mismatches_shown); ++m) {
                const auto& [row, what] = log.first[m];
                message += "  row " + std::to_string(row) + ": " + what + "\n    " + describe_row(p, columns, row) + "\n";
            }
        }
        ADD_FAILURE() << message;
    }
    return b;
}

std::size_t problems_containing(const batch_summary& s, const std::string& text) {
    return static_cast<std::size_t>(std::count_if(s.problems.begin(), s.problems.end(), [&](const input_error& e) {
        return e.message.find(text) != std::string::npos;
    }));
}

TEST(AgreementTest, SyntheticPopulationBatchSingleAndSetsAgree) {
    const auto plan = testing::roskilde();
    ASSERT_NE(plan, nullptr);
    const population pop = synthetic_population(population_rows, 2025);
    const std::vector<input_column> columns = pop.columns_for(*plan);
    const batch_run b = expect_agreement(*plan, pop.rows, columns);
    EXPECT_GT(b.summary.determined, 0u);
    EXPECT_GT(b.summary.undetermined, 0u);
}

TEST(AgreementTest, UniformPopulationBatchSingleAndSetsAgree) {
    const auto plan = testing::roskilde();
    ASSERT_NE(plan, nullptr);
    const testing::uniform_population pop(*plan, population_rows, 7);
    const batch_run b = expect_agreement(*plan, pop.rows(), pop.columns());
    // The population reaches every kind of row: good ones of both kinds, and each kind of bad one.
    EXPECT_GT(b.summary.determined, population_rows / 10);
    EXPECT_GT(b.summary.undetermined, population_rows / 10);
    EXPECT_GT(problems_containing(b.summary, "out of range"), population_rows / 100);
    EXPECT_GT(problems_containing(b.summary, "is required"), population_rows / 1000);
    EXPECT_GT(problems_containing(b.summary, "before the first date"), population_rows / 100);
}

// The second shipped pack: its profiles carry only the fields its outputs reach (the
// population is drawn from plan::inputs()), and the evaluators agree on them too.
TEST(AgreementTest, CrossAuthorityPackBatchSingleAndSetsAgree) {
    const auto plan = testing::tvaergaende();
    ASSERT_NE(plan, nullptr);
    EXPECT_FALSE(plan->input_index("stoettebehov"));
    EXPECT_FALSE(plan->input_index("praktiske_opgaver"));
    const testing::uniform_population pop(*plan, population_rows / 4, 11);
    const batch_run b = expect_agreement(*plan, pop.rows(), pop.columns());
    EXPECT_GT(b.summary.determined, population_rows / 40);
    EXPECT_GT(b.summary.undetermined, population_rows / 40);
}

}  // namespace
}  // namespace trappe
