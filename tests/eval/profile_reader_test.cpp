#include "test_support.hpp"

namespace trappe {
namespace {

constexpr const char* header =
    "borger_id,foedselsdato,vurderingsdato,praktiske_opgaver,egenomsorg,kommunikation,mobilitet,samfundsliv,"
    "relationer,fysisk_funktionsnedsaettelse,psykisk_funktionsnedsaettelse,saerlige_sociale_problemer,sindslidelse,"
    "misbrug,hjemloeshed,varig_funktionsnedsaettelse,behov_for_pleje_eller_behandling,kan_faerdes_alene,"
    "kan_arbejde_paa_normale_vilkaar,kan_benytte_beskaeftigelsestilbud,har_arbejdsevne,stoettebehov_vurderet\n";
constexpr const char* example_a =
    "eksempel-A,1990-04-17,2025-09-01,2,1,0,0,3,1,false,true,false,false,false,false,false,false,true,false,true,true,\n";

std::string all_errors(const profile_row& row) {
    std::string out;
    for (const input_error& e : row.errors) out += e.describe() + "\n";
    return out;
}

class ProfileReaderTest : public ::testing::Test {
protected:
    void SetUp() override { plan_ = testing::roskilde(); }
    std::shared_ptr<const plan> plan_;
};

TEST_F(ProfileReaderTest, ReadsCsvWithEmptyCellsAsUnassessed) {
    const auto rows = read_csv_profiles(*plan_, std::string(header) + example_a);
    ASSERT_EQ(rows.size(), 1u);
    ASSERT_TRUE(rows[0].values) << all_errors(rows[0]);
    const decision d = testing::evaluate_ok(*plan_, *rows[0].values);
    EXPECT_EQ(*d.value("trin"), testing::point(3));
    EXPECT_FALSE(rows[0].values->assessed[*plan_->input_index("stoettebehov_vurderet")]);
}

TEST_F(ProfileReaderTest, CsvAndJsonGiveTheSameDecision) {
    const auto csv = read_csv_profiles(*plan_, std::string(header) + example_a);
    const auto json = read_profiles(*plan_, "examples/profiles/worked-examples.jsonl");
    ASSERT_TRUE(csv[0].values && json[0].values);
    EXPECT_EQ(to_json(testing::evaluate_ok(*plan_, *csv[0].values)),
              to_json(testing::evaluate_ok(*plan_, *json[0].values)));
}

TEST_F(ProfileReaderTest, ReadsSemicolonSeparatedCsvWithQuotesAndBom) {
    std::string text = "\xEF\xBB\xBF" + std::string(header) + example_a;
    for (char& c : text)
        if (c == ',') c = ';';
    text.replace(text.find("\neksempel-A;"), 12, "\n\"A;1\";");
    const auto rows = read_csv_profiles(*plan_, text);
    ASSERT_EQ(rows.size(), 1u);
    ASSERT_TRUE(rows[0].values) << all_errors(rows[0]);
    EXPECT_EQ(rows[0].values->texts[*plan_->input_index("borger_id")], "A;1");
}

TEST_F(ProfileReaderTest, BadRowsNameRowAndFieldAndTheOtherRowsAreStillRead) {
    std::string bad_level = example_a, bad_date = example_a, bad_bool = example_a;
    bad_level.replace(bad_level.find(",3,1,"), 5, ",93,1,");    // samfundsliv out of range
    bad_date.replace(bad_date.find("1990-04-17"), 10, "1990-13-45");
    bad_bool.replace(bad_bool.find("true,false,true,true,"), 4, "maybe");
    const auto rows = read_csv_profiles(*plan_, std::string(header) + example_a + bad_level + bad_date + bad_bool + example_a);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_TRUE(rows[0].values && rows[4].values);
    ASSERT_EQ(rows[1].errors.size(), 1u);
    EXPECT_EQ(rows[1].errors[0].describe(), "row 2, field 'samfundsliv': value out of range 0..4");
    ASSERT_EQ(rows[2].errors.size(), 1u);
    EXPECT_EQ(rows[2].errors[0].describe(), "row 3, field 'foedselsdato': expected a date as YYYY-MM-DD");
    ASSERT_EQ(rows[3].errors.size(), 1u);
    EXPECT_EQ(rows[3].errors[0].field, "kan_faerdes_alene");
    // Profiles are personal data: messages never repeat the values.
    for (const auto& row : rows)
        for (const input_error& e : row.errors)
            for (const char* value : {"93", "13-45", "maybe", "1990"}) EXPECT_EQ(e.describe().find(value), std::string::npos);
}

TEST_F(ProfileReaderTest, MissingAndUnknownColumnsAreErrorsOnEveryRow) {
    std::string h = header;
    h.replace(h.find("relationer"), 10, "relationen");
    const auto rows = read_csv_profiles(*plan_, h + example_a);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_FALSE(rows[0].values);
    const std::string errors = all_errors(rows[0]);
    EXPECT_NE(errors.find("field 'relationen': unknown field"), std::string::npos) << errors;
    EXPECT_NE(errors.find("field 'relationer': missing field"), std::string::npos) << errors;
}

TEST_F(ProfileReaderTest, JsonNullAndIkkeVurderetMeanUnassessedButAMissingFieldIsAnError) {
    const std::string a = testing::read_file("examples/profiles/worked-examples.jsonl").substr(0, 10000);
    const std::string first_line = a.substr(0, a.find('\n'));
    std::string ikke = first_line, missing = first_line, wrong = first_line;
    ikke.replace(ikke.find("\"relationer\": 1"), 15, "\"relationer\": \"ikke_vurderet\"");
    missing.replace(missing.find("\"relationer\": 1, "), 17, "");
    wrong.replace(wrong.find("\"relationer\": 1"), 15, "\"relationer\": true");
    const auto rows = read_json_profiles(*plan_, ikke + "\n" + missing + "\n" + wrong + "\nnot json\n");
    ASSERT_EQ(rows.size(), 4u);
    ASSERT_TRUE(rows[0].values) << all_errors(rows[0]);
    EXPECT_FALSE(rows[0].values->assessed[*plan_->input_index("relationer")]);
    EXPECT_EQ(all_errors(rows[1]), "row 2, field 'relationer': missing field (write null for ikke vurderet)\n");
    EXPECT_EQ(rows[2].errors.at(0).field, "relationer");
    EXPECT_EQ(rows[3].errors.at(0).row, 4u);
    EXPECT_EQ(rows[3].errors.at(0).field, "");
}

TEST_F(ProfileReaderTest, RequiredDatesCannotBeUnassessed) {
    std::string row = example_a;
    row.replace(row.find("1990-04-17"), 10, "");
    const auto rows = read_csv_profiles(*plan_, std::string(header) + row);
    EXPECT_EQ(all_errors(rows[0]), "row 1, field 'foedselsdato': is required and cannot be ikke vurderet\n");
}

TEST_F(ProfileReaderTest, ReadsAJsonArray) {
    const auto rows = read_json_profiles(*plan_, "[{\"borger_id\": \"x\"}, 3]");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_FALSE(rows[0].errors.empty());
    EXPECT_EQ(rows[1].errors.at(0).message, "expected a JSON object");
}

}  // namespace
}  // namespace trappe
