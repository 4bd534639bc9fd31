// One definition of a valid input: the rules each type gives, and the same
// wording for the same bad value whichever way it comes in.

#include <limits>

#include "test_support.hpp"

namespace trappe {
namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t integer_bound = int64_max / 4;  // the built-in `integer` type's bounds

// The check is usable in constant expressions (and so inlined in hot loops).
constexpr input_rule level_rule{type_kind::level, 0, 4, false};
static_assert(check_input(level_rule, true, 4) == input_problem::none);
static_assert(check_input(level_rule, true, 5) == input_problem::out_of_range);
static_assert(check_input(level_rule, false, 99) == input_problem::none);
static_assert(check_input(input_rule{type_kind::date, 0, 1, true}, false, 0) == input_problem::required);

class InputCheckTest : public ::testing::Test {
protected:
    void SetUp() override {
        plan_ = testing::roskilde();
        example_ = testing::read_file("examples/profiles/worked-examples.jsonl");
        example_ = example_.substr(0, example_.find('\n'));
    }

    std::size_t index(const std::string& name) const { return *plan_->input_index(name); }

    // The problems with the first worked example with one field's JSON text replaced.
    std::vector<input_error> json_errors(const std::string& field, const std::string& json_value) const {
        std::string line = example_;
        const std::string key = "\"" + field + "\": ";
        const std::size_t start = line.find(key) + key.size();
        const std::size_t end = line.find_first_of(",}", start);
        line.replace(start, end - start, json_value);
        return read_json_profiles(*plan_, line).at(0).errors;
    }

    // The problems with a CSV row made from the first worked example with one cell replaced.
    std::vector<input_error> csv_errors(const std::string& field, const std::string& cell) const {
        const profile base = *read_json_profiles(*plan_, example_).at(0).values;
        const program& rules = plan_->rules();
        std::string header, row;
        for (std::size_t i = 0; i < plan_->inputs().size(); ++i) {
            const symbol_id s = plan_->inputs()[i];
            const type_info& t = rules.type_of(s);
            std::string text;
            if (!base.assessed[i]) text = "";
            else if (t.kind == type_kind::string) text = base.texts[i];
            else if (t.kind == type_kind::date) text = format_date(static_cast<day_number>(base.values[i]));
            else if (t.kind == type_kind::boolean) text = base.values[i] ? "true" : "false";
            else if (t.kind == type_kind::enumeration) text = t.value_name(base.values[i]);
            else text = std::to_string(base.values[i]);
            if (rules.symbols[s].name == field) text = cell;
            header += (i ? "," : "") + rules.symbols[s].name;
            row += (i ? "," : "") + text;
        }
        return read_csv_profiles(*plan_, header + "\n" + row + "\n").at(0).errors;
    }

    // The problem check_profile finds in the first worked example with one value set in code.
    std::optional<input_error> profile_error(const std::string& field, std::optional<std::int64_t> value) const {
        profile in = *read_json_profiles(*plan_, example_).at(0).values;
        if (value) in.set(index(field), *value);
        else in.set_unassessed(index(field));
        return check_profile(*plan_, in);
    }

    std::shared_ptr<const plan> plan_;
    std::string example_;
};

std::string only_message(const std::vector<input_error>& errors, const std::string& field) {
    EXPECT_EQ(errors.size(), 1u);
    if (errors.empty()) return "";
    EXPECT_EQ(errors[0].field, field);
    return errors[0].message;
}

TEST_F(InputCheckTest, RulesFollowTheInputTypes) {
    const std::vector<input_rule> rules = input_rules(*plan_);
    ASSERT_EQ(rules.size(), plan_->inputs().size());
    const input_rule& level = rules[index("relationer")];
    EXPECT_EQ(level.kind, type_kind::level);
    EXPECT_EQ(level.lo, 0);
    EXPECT_EQ(level.hi, 4);
    EXPECT_FALSE(level.required);
    const input_rule& flag = rules[index("misbrug")];
    EXPECT_EQ(flag.lo, 0);
    EXPECT_EQ(flag.hi, 1);
    const input_rule& birth = rules[index("foedselsdato")];
    EXPECT_EQ(birth.lo, earliest_date);
    EXPECT_EQ(birth.hi, latest_date);
    EXPECT_TRUE(birth.required);
    const input_rule& support = rules[index("stoettebehov_vurderet")];
    EXPECT_EQ(support.kind, type_kind::enumeration);
    EXPECT_EQ(support.hi - support.lo + 1, 5);
    const input_rule& id = rules[index("borger_id")];
    EXPECT_EQ(check_input(id, true, int64_max), input_problem::none);
    EXPECT_EQ(check_input(id, true, std::numeric_limits<std::int64_t>::min()), input_problem::none);
}

TEST(InputCheckIntegersTest, UnboundedIntegersKeepToTheIntegerBoundsAndRangesToTheirRange) {
    const auto p = testing::plan_from(
        "input n : integer\ninput alder : integer 0..150\ndefine s = n + alder\noutput s\n");
    ASSERT_NE(p, nullptr);
    const std::vector<input_rule> rules = input_rules(*p);
    const input_rule& n = rules[*p->input_index("n")];
    EXPECT_EQ(n.lo, -integer_bound);
    EXPECT_EQ(n.hi, integer_bound);
    EXPECT_EQ(check_input(n, true, integer_bound), input_problem::none);
    EXPECT_EQ(check_input(n, true, integer_bound + 1), input_problem::out_of_range);
    EXPECT_EQ(check_input(n, true, -integer_bound - 1), input_problem::out_of_range);
    const input_rule& age = rules[*p->input_index("alder")];
    EXPECT_EQ(describe(check_input(age, true, 151), age), "value out of range 0..150");
    EXPECT_EQ(check_input(age, true, -1), input_problem::out_of_range);

    // Text too large for int64 is out of range, not "not a number".
    const auto rows = read_csv_profiles(*p, "n,alder\n99999999999999999999999,1\n1,99999999999999999999999\n");
    EXPECT_EQ(only_message(rows.at(0).errors, "n"), describe(input_problem::out_of_range, n));
    EXPECT_EQ(only_message(rows.at(1).errors, "alder"), "value out of range 0..150");
}

TEST_F(InputCheckTest, TheWorkedExampleHasNoProblem) {
    EXPECT_FALSE(profile_error("relationer", 4).has_value());
    EXPECT_FALSE(profile_error("relationer", std::nullopt).has_value());
}

TEST_F(InputCheckTest, ALevelOutOfRangeIsWordedTheSameThroughJsonCsvAndCheckProfile) {
    const std::string wording = "value out of range 0..4";
    EXPECT_EQ(only_message(json_errors("relationer", "93"), "relationer"), wording);
    EXPECT_EQ(only_message(json_errors("relationer", "\"93\""), "relationer"), wording);
    EXPECT_EQ(only_message(csv_errors("relationer", "93"), "relationer"), wording);
    const auto in_code = profile_error("relationer", 93);
    ASSERT_TRUE(in_code.has_value());
    EXPECT_EQ(in_code->describe(), "field 'relationer': " + wording);
    EXPECT_EQ(profile_error("relationer", -1)->message, wording);
}

TEST_F(InputCheckTest, ANumberBeyondInt64IsOutOfRangeThroughJsonCsvAndCheckProfile) {
    const std::string wording = "value out of range 0..4";
    EXPECT_EQ(only_message(json_errors("relationer", "18446744073709551615"), "relationer"), wording);  // 2^64 - 1
    EXPECT_EQ(only_message(json_errors("relationer", "\"1180591620717411303424\""), "relationer"), wording);  // 2^70
    EXPECT_EQ(only_message(csv_errors("relationer", "1180591620717411303424"), "relationer"), wording);
    EXPECT_EQ(profile_error("relationer", int64_max)->message, wording);
}

TEST_F(InputCheckTest, ADateOutOfRangeIsWordedTheSameThroughJsonCsvAndCheckProfile) {
    const std::string wording = "date out of range 1800-01-01..2200-12-31";
    for (const char* date : {"1799-12-31", "2201-01-01", "0001-01-01", "9999-12-31"}) {
        EXPECT_EQ(only_message(json_errors("foedselsdato", "\"" + std::string(date) + "\""), "foedselsdato"), wording)
            << date;
        EXPECT_EQ(only_message(csv_errors("foedselsdato", date), "foedselsdato"), wording) << date;
        EXPECT_EQ(profile_error("foedselsdato", *parse_date(date))->message, wording) << date;
    }
    EXPECT_TRUE(json_errors("foedselsdato", "\"1800-01-01\"").empty());
    EXPECT_TRUE(csv_errors("foedselsdato", "2200-12-31").empty());
}

TEST_F(InputCheckTest, ARequiredFieldUnassessedIsWordedTheSameThroughJsonCsvAndCheckProfile) {
    const std::string wording = "is required and cannot be ikke vurderet";
    EXPECT_EQ(only_message(json_errors("foedselsdato", "null"), "foedselsdato"), wording);
    EXPECT_EQ(only_message(json_errors("foedselsdato", "\"ikke_vurderet\""), "foedselsdato"), wording);
    EXPECT_EQ(only_message(csv_errors("foedselsdato", ""), "foedselsdato"), wording);
    EXPECT_EQ(profile_error("foedselsdato", std::nullopt)->message, wording);
}

TEST_F(InputCheckTest, EvaluateWordsAProfileBuiltInCodeAsCheckProfileDoes) {
    const std::vector<std::pair<std::string, std::optional<std::int64_t>>> bad = {
        {"relationer", 93}, {"relationer", int64_max}, {"misbrug", 2}, {"foedselsdato", *parse_date("1700-01-01")},
        {"foedselsdato", std::nullopt}};
    for (const auto& [field, value] : bad) {
        profile in = *read_json_profiles(*plan_, example_).at(0).values;
        if (value) in.set(index(field), *value);
        else in.set_unassessed(index(field));
        const auto checked = check_profile(*plan_, in);
        ASSERT_TRUE(checked.has_value()) << field;
        const evaluation result = evaluate(*plan_, in);
        const auto* error = std::get_if<input_error>(&result);
        ASSERT_NE(error, nullptr) << field;
        EXPECT_EQ(error->describe(), checked->describe()) << field;
    }
}

// age(foedselsdato, vurderingsdato) assumes the birth date comes first: a profile
// born after its assessment is a row error naming both fields, on every path.
TEST_F(InputCheckTest, ABirthDateAfterTheAssessmentDateIsARowErrorNamingBothFields) {
    profile in = *read_json_profiles(*plan_, example_).at(0).values;
    const std::int64_t assessed_on = in.values[index("vurderingsdato")];
    const std::string wording =
        "is after 'vurderingsdato' (the rules compute age(foedselsdato, vurderingsdato), which cannot be negative)";

    in.set(index("foedselsdato"), assessed_on);  // born on the day: age 0, valid
    EXPECT_FALSE(check_profile(*plan_, in).has_value());
    EXPECT_TRUE(std::holds_alternative<decision>(evaluate(*plan_, in)));

    in.set(index("foedselsdato"), assessed_on + 1);
    const auto checked = check_profile(*plan_, in);
    ASSERT_TRUE(checked.has_value());
    EXPECT_EQ(checked->field, "foedselsdato");
    EXPECT_EQ(checked->message, wording);
    const evaluation result = evaluate(*plan_, in);
    ASSERT_TRUE(std::holds_alternative<input_error>(result));
    EXPECT_EQ(std::get<input_error>(result).describe(), checked->describe());

    // In a batch, only that row fails, with the same wording and its row number.
    const profile good = *read_json_profiles(*plan_, example_).at(0).values;
    const std::vector<profile> rows = {good, in, good};
    batch_summary summary;
    const auto batch = testing::evaluate_as_batch(*plan_, rows, &summary);
    EXPECT_TRUE(batch[0].has_value());
    EXPECT_FALSE(batch[1].has_value());
    EXPECT_TRUE(batch[2].has_value());
    ASSERT_EQ(summary.problems.size(), 1u);
    EXPECT_EQ(summary.problems[0].describe(), "row 2, field 'foedselsdato': " + wording);
}

TEST_F(InputCheckTest, JsonNumbersAreAcceptedWhereTheTypeIsANumberOrABoolean) {
    EXPECT_TRUE(json_errors("misbrug", "1").empty());
    EXPECT_EQ(only_message(json_errors("misbrug", "2"), "misbrug"), "value out of range 0..1");
    EXPECT_EQ(only_message(json_errors("stoettebehov_vurderet", "2"), "stoettebehov_vurderet"),
              "expected one of: intet, let, moderat, hoejt, fuldstaendigt");
    EXPECT_EQ(only_message(json_errors("relationer", "true"), "relationer"), "expected a level 0..4 or its name");
    EXPECT_EQ(only_message(json_errors("borger_id", "7"), "borger_id"), "expected text");
}

TEST_F(InputCheckTest, MessagesNeverContainTheValue) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"relationer", "93"}, {"relationer", "1180591620717411303424"}, {"samfundsliv", "-77"},
        {"foedselsdato", "1666-06-06"}, {"misbrug", "55"}};
    for (const auto& [field, value] : bad) {
        for (const input_error& e : csv_errors(field, value)) EXPECT_EQ(e.describe().find(value), std::string::npos);
        for (const input_error& e : json_errors(field, "\"" + value + "\""))
            EXPECT_EQ(e.describe().find(value), std::string::npos);
    }
    const auto e = profile_error("relationer", 93);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->describe().find("93"), std::string::npos);
}

TEST_F(InputCheckTest, CheckProfileRejectsAProfileMadeForAnotherPlan) {
    const auto other = testing::plan_from("input n : integer\ndefine s = n\noutput s\n");
    ASSERT_NE(other, nullptr);
    EXPECT_THROW((void)check_profile(*plan_, profile(*other)), std::invalid_argument);
}

}  // namespace
}  // namespace trappe
