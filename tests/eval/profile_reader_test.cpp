#include <filesystem>
#include <fstream>
#include <stdexcept>

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

    // The first worked example as a JSON line, and that line with `from` replaced by `to`.
    static std::pair<std::string, std::string> example_and_changed(const std::string& from, const std::string& to) {
        const std::string lines = testing::read_file("examples/profiles/worked-examples.jsonl");
        const std::string first = lines.substr(0, lines.find('\n'));
        std::string changed = first;
        changed.replace(changed.find(from), from.size(), to);
        return {first, changed};
    }

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


std::string csv_rows(std::size_t n) {
    std::string text = header;
    for (std::size_t i = 0; i < n; ++i) {
        std::string row = example_a;
        row.replace(0, 10, "id-" + std::to_string(i));
        text += row;
    }
    return text;
}

std::size_t rows_with_values(const std::vector<profile_row>& rows) {
    std::size_t n = 0;
    for (const profile_row& r : rows) n += r.values.has_value();
    return n;
}

TEST_F(ProfileReaderTest, AStrayQuoteIsAnErrorForItsRowOnly) {
    // A quote that opens a cell and never closes on its line: the reader must not
    // join the rest of the file into that cell, but go on at the next line.
    std::string text = csv_rows(1000);
    const std::size_t at = text.find("\nid-10,") + 1;
    text.insert(at, "\"");
    const auto rows = read_csv_profiles(*plan_, text);
    ASSERT_EQ(rows.size(), 1000u);
    EXPECT_EQ(rows_with_values(rows), 999u);
    ASSERT_EQ(rows[10].errors.size(), 1u) << all_errors(rows[10]);
    EXPECT_EQ(rows[10].errors[0].describe(), "row 11, field 'borger_id': unterminated quote (a quoted cell ends on its line)");
    EXPECT_TRUE(rows[11].values) << all_errors(rows[11]);
}

TEST_F(ProfileReaderTest, QuotesInsideOrAfterACellAreErrorsNamingTheField) {
    std::string inside = example_a, after = example_a, doubled = example_a;
    inside.replace(inside.find("1990-04-17"), 10, "1990\"04-17");
    after.replace(after.find("1990-04-17"), 10, "\"1990-04-17\"x");
    doubled.replace(0, 10, "\"eks \"\"A\"\"\"");
    const auto rows = read_csv_profiles(*plan_, std::string(header) + inside + after + doubled);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(all_errors(rows[0]), "row 1, field 'foedselsdato': quote inside an unquoted cell\n");
    EXPECT_EQ(all_errors(rows[1]), "row 2, field 'foedselsdato': text after a closing quote\n");
    ASSERT_TRUE(rows[2].values) << all_errors(rows[2]);
    EXPECT_EQ(rows[2].values->texts[*plan_->input_index("borger_id")], "eks \"A\"");
}

// A Windows-1252 "Søren" is an error for its row, naming the field (CSV) or the
// byte (JSON, where the line cannot be parsed); the other rows are still read.
TEST_F(ProfileReaderTest, TextThatIsNotUtf8IsAnErrorForItsRowOnly) {
    const std::string latin1_row = std::string("S\xF8ren") + std::string(example_a).substr(std::string("eksempel-A").size());
    const auto csv = read_csv_profiles(*plan_, std::string(header) + example_a + latin1_row + example_a);
    ASSERT_EQ(csv.size(), 3u);
    EXPECT_TRUE(csv[0].values && csv[2].values);
    EXPECT_EQ(all_errors(csv[1]), "row 2, field 'borger_id': is not valid UTF-8 text\n");

    const auto [good, bad] = example_and_changed("eksempel-A", "S\xF8ren");
    const auto json = read_json_profiles(*plan_, good + "\n" + bad + "\n" + good + "\n");
    ASSERT_EQ(json.size(), 3u);
    EXPECT_TRUE(json[0].values && json[2].values);
    EXPECT_EQ(all_errors(json[1]), "row 2: not valid UTF-8 at byte 17 of the line\n");
}

TEST_F(ProfileReaderTest, ADuplicatedCsvColumnIsAnErrorOnEveryRow) {
    std::string h = header;
    h.replace(h.find("relationer"), 10, "praktiske_opgaver");
    const auto rows = read_csv_profiles(*plan_, h + example_a + example_a);
    ASSERT_EQ(rows.size(), 2u);
    for (const profile_row& row : rows) {
        EXPECT_FALSE(row.values);
        const std::string errors = all_errors(row);
        EXPECT_NE(errors.find("field 'praktiske_opgaver': duplicated column"), std::string::npos) << errors;
    }
}

TEST_F(ProfileReaderTest, ADuplicatedJsonKeyIsAnErrorNamingTheKey) {
    const auto [first, twice] = example_and_changed("\"relationer\": 1", "\"relationer\": 1, \"relationer\": 3");
    const auto rows = read_json_profiles(*plan_, first + "\n" + twice + "\n" + first + "\n");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_TRUE(rows[0].values && rows[2].values);
    EXPECT_FALSE(rows[1].values);
    EXPECT_EQ(all_errors(rows[1]), "row 2, field 'relationer': duplicated key\n");
    // In an array, the duplicate belongs to its element only.
    const auto array = read_json_profiles(*plan_, "[" + first + "," + twice + "]");
    ASSERT_EQ(array.size(), 2u);
    EXPECT_TRUE(array[0].values) << all_errors(array[0]);
    EXPECT_EQ(all_errors(array[1]), "row 2, field 'relationer': duplicated key\n");
}

TEST_F(ProfileReaderTest, ACsvWithoutAHeaderIsRefusedWithoutNamingItsValues) {
    try {
        (void)read_csv_profiles(*plan_, std::string(example_a) + example_a);
        FAIL() << "a first line of values is not a header";
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("not a header"), std::string::npos) << message;
        for (const char* value : {"eksempel", "1990", "2025"}) EXPECT_EQ(message.find(value), std::string::npos) << message;
    }
}

TEST_F(ProfileReaderTest, ADirectoryOrSpecialFileIsRefused) {
    const auto message_of = [&](const std::filesystem::path& path) {
        try {
            (void)read_profiles(*plan_, path);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message_of(std::filesystem::temp_directory_path()).find("is a directory"), std::string::npos);
    EXPECT_NE(message_of("/dev/null").find("not a regular file"), std::string::npos);
    EXPECT_NE(message_of("/nonexistent/profiles.csv").find("cannot read"), std::string::npos);
}


std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = (std::filesystem::temp_directory_path() / ("trappe_reader_" + name)).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

TEST_F(ProfileReaderTest, StreamCutsJsonLinesAtLineBreaksDespiteEscapedQuotes) {
    const std::string lines = testing::read_file("examples/profiles/worked-examples.jsonl");
    std::string first = lines.substr(0, lines.find('\n'));
    first.replace(first.find("\"eksempel-A\""), 12, "\"a \\\"quoted\\\" \\\" id\"");  // an odd number of quotes
    const std::string path = write_temp("escaped.jsonl", first + "\n" + lines);
    profile_stream in(*plan_, path);
    std::vector<std::size_t> sizes, numbers;
    for (auto rows = in.next(2); !rows.empty(); rows = in.next(2)) {
        sizes.push_back(rows.size());
        for (const profile_row& r : rows) {
            numbers.push_back(r.row);
            EXPECT_TRUE(r.values) << all_errors(r);
        }
    }
    EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 2, 2}));
    EXPECT_EQ(numbers, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(in.bytes_read(), in.size());
    std::filesystem::remove(path);
}

TEST_F(ProfileReaderTest, StreamNumbersCsvRowsAcrossPiecesAndSkipsBlankLines) {
    const std::string path = write_temp("rows.csv", csv_rows(5) + "\n\r\n" + csv_rows(3).substr(std::string(header).size()));
    profile_stream in(*plan_, path);
    std::vector<std::size_t> numbers;
    for (auto rows = in.next(3); !rows.empty(); rows = in.next(3))
        for (const profile_row& r : rows) numbers.push_back(r.row);
    EXPECT_EQ(numbers, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 7, 8}));
    std::filesystem::remove(path);
}

TEST_F(ProfileReaderTest, StreamReadsAnArrayOrAnObjectOverSeveralLinesWhole) {
    const std::string lines = testing::read_file("examples/profiles/worked-examples.jsonl");
    std::string pretty = lines.substr(0, lines.find('\n'));
    for (std::size_t at = pretty.find(", \""); at != std::string::npos; at = pretty.find(", \"", at + 3)) pretty[at + 1] = '\n';
    const std::string object = write_temp("pretty.json", pretty + "\n");
    const std::string array = write_temp("array.json", "[\n" + pretty + ",\n" + pretty + "\n]\n");
    EXPECT_EQ(rows_with_values(read_profiles(*plan_, object)), 1u);
    const auto rows = read_profiles(*plan_, array);
    EXPECT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows_with_values(rows), 2u);
    for (const auto& f : {object, array}) std::filesystem::remove(f);
}

TEST_F(ProfileReaderTest, EmptyFilesHaveNoRows) {
    for (const char* name : {"empty.csv", "empty.jsonl"}) {
        const std::string path = write_temp(name, "");
        EXPECT_TRUE(read_profiles(*plan_, path).empty()) << name;
        std::filesystem::remove(path);
    }
    const std::string header_only = write_temp("header_only.csv", header);
    EXPECT_TRUE(read_profiles(*plan_, header_only).empty());
    std::filesystem::remove(header_only);
}

}  // namespace
}  // namespace trappe
