// The C ABI against the C++ API: the same decisions, and every failure a status.

#include "capi/capi_support.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <thread>

namespace trappe {
namespace {

using testing::c_results;
using testing::c_rules;
using testing::evaluate_c;
using testing::load_c;
using testing::take;

constexpr const char* roskilde_path = "rules/roskilde-2025";
constexpr const char* examples_path = "examples/profiles/worked-examples.jsonl";

// The worked examples with one field of row `row` (1-based) replaced by `value`.
std::string examples_with(std::size_t row, const std::string& field, const std::string& value) {
    std::string text = testing::read_file(examples_path);
    std::size_t line = 0;
    for (std::size_t i = 1; i < row; ++i) line = text.find('\n', line) + 1;
    const std::size_t key = text.find("\"" + field + "\": ", line);
    const std::size_t start = key + field.size() + 4, end = text.find_first_of(",}", start);
    return text.replace(start, end - start, value);
}

class CapiTest : public ::testing::Test {
protected:
    void SetUp() override {
        rules_ = load_c(roskilde_path);
        ASSERT_NE(rules_, nullptr);
        plan_ = testing::roskilde();
    }
    c_rules rules_;
    std::shared_ptr<const plan> plan_;
};

TEST_F(CapiTest, VersionIsTheProjectVersion) { EXPECT_STREQ(trappe_version(), version_string); }

TEST_F(CapiTest, NamesThePackItsInputsAndOutputs) {
    EXPECT_STREQ(trappe_rules_pack(rules_.get()), "roskilde-2025");
    EXPECT_EQ(trappe_rules_hash(rules_.get()), plan_->rules().content_hash);
    ASSERT_EQ(trappe_rules_input_count(rules_.get()), plan_->inputs().size());
    for (std::size_t i = 0; i < plan_->inputs().size(); ++i)
        EXPECT_EQ(trappe_rules_input_name(rules_.get(), i), plan_->rules().symbols[plan_->inputs()[i]].name);
    EXPECT_EQ(trappe_rules_input_name(rules_.get(), plan_->inputs().size()), nullptr);
    ASSERT_EQ(trappe_rules_output_count(rules_.get()), batch_outputs(*plan_).size());
    EXPECT_STREQ(trappe_rules_output_name(rules_.get(), 0), plan_->rules().symbols[batch_outputs(*plan_)[0]].name.c_str());
    char* json = nullptr;
    ASSERT_EQ(trappe_rules_describe(rules_.get(), &json), TRAPPE_OK);
    const std::string description = take(json);
    EXPECT_NE(description.find("\"name\":\"egenomsorg\",\"type\":\"level\""), std::string::npos) << description;
    EXPECT_NE(description.find("\"hash\":\"" + plan_->rules().content_hash + "\""), std::string::npos);
}

TEST_F(CapiTest, WorkedExamplesGetTheDecisionsOfTheCppApi) {
    const c_results results = evaluate_c(rules_.get(), testing::read_file(examples_path));
    const std::vector<profile> examples = testing::worked_examples(*plan_);
    ASSERT_EQ(trappe_results_rows(results.get()), examples.size());
    EXPECT_EQ(trappe_results_error_count(results.get()), 0u);
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const decision d = testing::evaluate_ok(*plan_, examples[i]);
        ASSERT_NE(trappe_results_decision(results.get(), i), nullptr);
        EXPECT_EQ(trappe_results_decision(results.get(), i), to_json(d, i + 1));
    }
    EXPECT_NE(std::string(trappe_results_decision(results.get(), 0)).find("\"trin\":3"), std::string::npos);
    EXPECT_EQ(trappe_results_decision(results.get(), examples.size()), nullptr);
}

TEST_F(CapiTest, BadRowIsAnErrorNamingRowAndFieldButNotTheValue) {
    const c_results results = evaluate_c(rules_.get(), examples_with(2, "egenomsorg", "9"));
    ASSERT_EQ(trappe_results_rows(results.get()), 5u);
    ASSERT_EQ(trappe_results_error_count(results.get()), 1u);
    std::size_t row = 0;
    const char *field = nullptr, *message = nullptr;
    ASSERT_EQ(trappe_results_error(results.get(), 0, &row, &field, &message), TRAPPE_OK);
    EXPECT_EQ(row, 2u);
    EXPECT_STREQ(field, "egenomsorg");
    EXPECT_EQ(std::string(message).find('9'), std::string::npos) << message;
    EXPECT_EQ(trappe_results_decision(results.get(), 1), nullptr);
    for (std::size_t i : {0u, 2u, 3u, 4u}) EXPECT_NE(trappe_results_decision(results.get(), i), nullptr) << i;

    char* lines = nullptr;
    ASSERT_EQ(trappe_results_json_lines(results.get(), &lines), TRAPPE_OK);
    const std::string text = take(lines);
    EXPECT_NE(text.find(R"({"schema":"trappe.row-error/1","row":2,"errors":[{"field":"egenomsorg","message":)"),
              std::string::npos)
        << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
    EXPECT_EQ(trappe_results_error(results.get(), 1, &row, &field, &message), TRAPPE_ERROR_ARGUMENT);
}

TEST_F(CapiTest, MalformedJsonAndInvalidUtf8AreRowErrors) {
    for (const std::string& text : {std::string("{\"egenomsorg\": "), std::string("{\"borger_id\": \"\xff\xfe\"}"),
                                    std::string("[1, 2]"), std::string("\x80\x80\n{}")}) {
        const c_results results = evaluate_c(rules_.get(), text);
        ASSERT_NE(results, nullptr);
        EXPECT_GE(trappe_results_error_count(results.get()), 1u);
        for (std::size_t i = 0; i < trappe_results_rows(results.get()); ++i)
            EXPECT_EQ(trappe_results_decision(results.get(), i), nullptr);
    }
}

TEST_F(CapiTest, BadPathAndBadRulesAreRuleErrorsWithDiagnostics) {
    trappe_rules* r = nullptr;
    EXPECT_EQ(trappe_rules_load("rules/no-such-pack", &r), TRAPPE_ERROR_RULES);
    EXPECT_EQ(r, nullptr);
    EXPECT_NE(std::string(trappe_last_error()).find("no-such-pack"), std::string::npos) << trappe_last_error();

    const std::string text = "input x : bool\ndefine y = x and\noutput y\n";
    EXPECT_EQ(trappe_rules_load_text("broken.trappe", text.data(), text.size(), &r), TRAPPE_ERROR_RULES);
    EXPECT_NE(std::string(trappe_last_error()).find("broken.trappe:"), std::string::npos) << trappe_last_error();
    EXPECT_EQ(r, nullptr);
}

TEST_F(CapiTest, LoadsRulesFromText) {
    const std::string text = "input x : bool\ndefine y = not x\noutput y\n";
    trappe_rules* r = nullptr;
    ASSERT_EQ(trappe_rules_load_text("demo.trappe", text.data(), text.size(), &r), TRAPPE_OK) << trappe_last_error();
    const c_rules rules(r);
    const c_results results = evaluate_c(rules.get(), "{\"x\": true}");
    ASSERT_NE(trappe_results_decision(results.get(), 0), nullptr) << trappe_last_error();
    EXPECT_NE(std::string(trappe_results_decision(results.get(), 0)).find("\"y\":false"), std::string::npos)
        << trappe_results_decision(results.get(), 0);
}

TEST_F(CapiTest, ParameterOverridesGiveTheDecisionsOfCompileWithOverrides) {
    const char* names[] = {"taerskel_85"};
    const char* values[] = {"fuldstaendigt"};
    trappe_rules* r = nullptr;
    ASSERT_EQ(trappe_rules_with_parameters(rules_.get(), names, values, 1, &r), TRAPPE_OK) << trappe_last_error();
    const c_rules changed(r);
    const auto cpp = compile(check_rules(roskilde_path).checked, {{"taerskel_85", testing::value_of(*plan_, "stoettebehov", "fuldstaendigt")}});
    const c_results results = evaluate_c(changed.get(), testing::read_file(examples_path));
    const std::vector<profile> examples = testing::worked_examples(*cpp);
    bool any_changed = false;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const std::string json = to_json(testing::evaluate_ok(*cpp, examples[i]), i + 1);
        EXPECT_EQ(trappe_results_decision(results.get(), i), json);
        any_changed = any_changed || json != to_json(testing::evaluate_ok(*plan_, examples[i]), i + 1);
    }
    EXPECT_TRUE(any_changed);

    const char* unknown[] = {"no_such_parameter"};
    EXPECT_EQ(trappe_rules_with_parameters(rules_.get(), unknown, values, 1, &r), TRAPPE_ERROR_ARGUMENT);
    EXPECT_NE(std::string(trappe_last_error()).find("no_such_parameter"), std::string::npos);
    const char* wrong[] = {"nonsense"};
    EXPECT_EQ(trappe_rules_with_parameters(rules_.get(), names, wrong, 1, &r), TRAPPE_ERROR_ARGUMENT);
    EXPECT_NE(std::string(trappe_last_error()).find("taerskel_85"), std::string::npos);
}

TEST_F(CapiTest, ColumnsGiveTheValuesOfTheBatchApi) {
    const std::vector<profile> rows = testing::worked_examples(*plan_);
    const std::size_t n = rows.size(), inputs = plan_->inputs().size(), outputs = batch_outputs(*plan_).size();
    std::vector<std::vector<std::int32_t>> values(inputs, std::vector<std::int32_t>(n));
    std::vector<std::vector<std::uint8_t>> valid(inputs, std::vector<std::uint8_t>(n));
    std::vector<trappe_input_column> in(inputs);
    for (std::size_t i = 0; i < inputs; ++i) {
        for (std::size_t r = 0; r < n; ++r) {
            values[i][r] = static_cast<std::int32_t>(rows[r].values[i]);
            valid[i][r] = rows[r].assessed[i];
        }
        in[i] = {TRAPPE_I32, values[i].data(), valid[i].data()};
    }
    values[*plan_->input_index("egenomsorg")][2] = 9;  // row 3 out of range
    std::vector<std::vector<std::int64_t>> lo(outputs, std::vector<std::int64_t>(n)), hi = lo;
    std::vector<trappe_output_column> out;
    for (std::size_t o = 0; o < outputs; ++o) out.push_back({TRAPPE_I64, lo[o].data(), hi[o].data()});
    std::vector<std::uint8_t> status(n);
    trappe_results* r = nullptr;
    ASSERT_EQ(trappe_evaluate_columns(rules_.get(), n, in.data(), inputs, out.data(), outputs, status.data(), 1, &r),
              TRAPPE_OK)
        << trappe_last_error();
    const c_results results(r);

    const auto expected = testing::evaluate_as_batch(*plan_, rows);
    for (std::size_t row = 0; row < n; ++row) {
        if (row == 2) continue;
        ASSERT_TRUE(expected[row].has_value());
        EXPECT_EQ(status[row], testing::evaluate_ok(*plan_, rows[row]).determined() ? TRAPPE_ROW_DETERMINED : TRAPPE_ROW_UNDETERMINED);
        for (std::size_t o = 0; o < outputs; ++o)
            EXPECT_EQ((value_range{lo[o][row], hi[o][row]}), (*expected[row])[o]) << "row " << row << " output " << o;
    }
    EXPECT_EQ(status[2], TRAPPE_ROW_ERROR);
    ASSERT_EQ(trappe_results_error_count(results.get()), 1u);
    std::size_t error_row = 0;
    const char* field = nullptr;
    ASSERT_EQ(trappe_results_error(results.get(), 0, &error_row, &field, nullptr), TRAPPE_OK);
    EXPECT_EQ(error_row, 3u);
    EXPECT_STREQ(field, "egenomsorg");
    char* lines = nullptr;
    ASSERT_EQ(trappe_results_json_lines(results.get(), &lines), TRAPPE_OK);
    EXPECT_EQ(take(lines).rfind(R"({"schema":"trappe.row-error/1","row":3,"errors":[{"field":"egenomsorg")", 0), 0u);
}

TEST_F(CapiTest, WrongColumnsAreArgumentErrors) {
    std::vector<std::uint8_t> status(1);
    EXPECT_EQ(trappe_evaluate_columns(rules_.get(), 1, nullptr, 0, nullptr, 0, status.data(), 1, nullptr),
              TRAPPE_ERROR_ARGUMENT);
    EXPECT_NE(std::string(trappe_last_error()).find("input"), std::string::npos);

    const std::size_t inputs = plan_->inputs().size(), outputs = batch_outputs(*plan_).size();
    std::vector<std::int64_t> value(1), result(1);
    std::vector<trappe_input_column> in(inputs, trappe_input_column{TRAPPE_I64, value.data(), nullptr});
    std::vector<trappe_output_column> out(outputs, trappe_output_column{TRAPPE_I64, result.data(), nullptr});
    in[0].type = testing::invalid_enum<trappe_element_type>(42);
    EXPECT_EQ(trappe_evaluate_columns(rules_.get(), 1, in.data(), inputs, out.data(), outputs, status.data(), 1, nullptr),
              TRAPPE_ERROR_ARGUMENT);
    EXPECT_NE(std::string(trappe_last_error()).find("element type"), std::string::npos);
    in[0].type = TRAPPE_I64;
    out[0].lo = nullptr;
    EXPECT_EQ(trappe_evaluate_columns(rules_.get(), 1, in.data(), inputs, out.data(), outputs, status.data(), 1, nullptr),
              TRAPPE_ERROR_ARGUMENT);
}

TEST_F(CapiTest, ExplanationsEqualTheCppRenderings) {
    std::string text = testing::read_file(examples_path);
    const std::string first = text.substr(0, text.find('\n'));
    const profile a = testing::worked_examples(*plan_)[0];
    explain_options options;
    options.why_not = true;
    const explanation e = std::get<explanation>(explain(*plan_, a, options));
    const std::pair<trappe_format, std::string> expected[] = {
        {TRAPPE_FORMAT_TEXT, to_text(e)}, {TRAPPE_FORMAT_JSON, to_json(e)}, {TRAPPE_FORMAT_HTML, to_html(e)}};
    for (const auto& [format, rendering] : expected) {
        char* out = nullptr;
        ASSERT_EQ(trappe_explain_json(rules_.get(), first.data(), first.size(), format, TRAPPE_EXPLAIN_WHY_NOT, &out),
                  TRAPPE_OK)
            << trappe_last_error();
        EXPECT_EQ(take(out), rendering);
    }
}

TEST_F(CapiTest, ExplainingABadRowOrManyRowsFails) {
    char* out = nullptr;
    const std::string bad = examples_with(1, "egenomsorg", "9");
    const std::string first = bad.substr(0, bad.find('\n'));
    EXPECT_EQ(trappe_explain_json(rules_.get(), first.data(), first.size(), TRAPPE_FORMAT_TEXT, 0, &out), TRAPPE_ERROR_ROW);
    EXPECT_NE(std::string(trappe_last_error()).find("field 'egenomsorg'"), std::string::npos) << trappe_last_error();
    EXPECT_EQ(std::string(trappe_last_error()).find('9'), std::string::npos) << trappe_last_error();
    EXPECT_EQ(out, nullptr);
    EXPECT_EQ(trappe_explain_json(rules_.get(), bad.data(), bad.size(), TRAPPE_FORMAT_TEXT, 0, &out), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_explain_json(rules_.get(), first.data(), first.size(), testing::invalid_enum<trappe_format>(7), 0, &out),
              TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_explain_json(rules_.get(), first.data(), first.size(), TRAPPE_FORMAT_TEXT, 64, &out),
              TRAPPE_ERROR_ARGUMENT);
}

TEST_F(CapiTest, ThreadsSharingRulesGetTheSameDecisions) {
    const std::string text = testing::read_file(examples_path);
    const c_results reference = evaluate_c(rules_.get(), text);
    std::vector<std::string> mismatches(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < mismatches.size(); ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 50; ++round) {
                const c_results mine = evaluate_c(rules_.get(), text);
                for (std::size_t i = 0; i < trappe_results_rows(reference.get()); ++i)
                    if (std::string(trappe_results_decision(mine.get(), i)) != trappe_results_decision(reference.get(), i))
                        mismatches[t] = "row " + std::to_string(i + 1);
            }
        });
    for (std::thread& t : threads) t.join();
    for (const std::string& m : mismatches) EXPECT_EQ(m, "");
}

TEST(CapiBoundaryTest, NullHandlesAndPointersAreArgumentErrors) {
    trappe_rules* r = nullptr;
    trappe_results* results = nullptr;
    char* s = nullptr;
    EXPECT_EQ(trappe_rules_load(nullptr, &r), TRAPPE_ERROR_ARGUMENT);
    EXPECT_NE(std::string(trappe_last_error()).find("path is null"), std::string::npos) << trappe_last_error();
    EXPECT_EQ(trappe_rules_load("rules/roskilde-2025", nullptr), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_rules_load_text(nullptr, "", 0, &r), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_rules_with_parameters(nullptr, nullptr, nullptr, 0, &r), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_rules_describe(nullptr, &s), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_evaluate_json(nullptr, "{}", 2, &results), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_evaluate_columns(nullptr, 0, nullptr, 0, nullptr, 0, nullptr, 0, &results), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_explain_json(nullptr, "{}", 2, TRAPPE_FORMAT_TEXT, 0, &s), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_results_json_lines(nullptr, &s), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_results_error(nullptr, 0, nullptr, nullptr, nullptr), TRAPPE_ERROR_ARGUMENT);
    EXPECT_EQ(trappe_rules_pack(nullptr), nullptr);
    EXPECT_EQ(trappe_rules_hash(nullptr), nullptr);
    EXPECT_EQ(trappe_rules_input_count(nullptr), 0u);
    EXPECT_EQ(trappe_rules_input_name(nullptr, 0), nullptr);
    EXPECT_EQ(trappe_rules_output_count(nullptr), 0u);
    EXPECT_EQ(trappe_results_rows(nullptr), 0u);
    EXPECT_EQ(trappe_results_decision(nullptr, 0), nullptr);
    EXPECT_EQ(trappe_results_error_count(nullptr), 0u);
    trappe_rules_free(nullptr);
    trappe_results_free(nullptr);
    trappe_string_free(nullptr);
}

TEST(CapiBoundaryTest, TheLastErrorIsPerThreadAndClearedBySuccess) {
    trappe_rules* r = nullptr;
    EXPECT_EQ(trappe_rules_load(nullptr, &r), TRAPPE_ERROR_ARGUMENT);
    std::string other_thread = "not run";
    std::thread([&] { other_thread = trappe_last_error(); }).join();
    EXPECT_EQ(other_thread, "");
    EXPECT_STRNE(trappe_last_error(), "");
    const c_rules rules = load_c(roskilde_path);
    EXPECT_STREQ(trappe_last_error(), "");
}

}  // namespace
}  // namespace trappe
