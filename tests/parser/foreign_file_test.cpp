// A file that is not rule text (typically the profiles, given in place of the
// rules) gives one diagnostic that quotes nothing of it: profiles are personal data.

#include <gtest/gtest.h>

#include "trappe/parser/parser.hpp"

namespace trappe {
namespace {

const char* const not_rules =
    "this does not look like a rule file (did you swap the rules and the profiles?)";

std::string report_for(const std::string& path, const std::string& text, diagnostics& diags) {
    source_manager sources;
    const file_id id = sources.add(path, text);
    (void)parse_file(sources, id, diags);
    return render(diags, sources);
}

void expect_refused_without_content(const std::string& path, const std::string& text,
                                    const std::vector<std::string>& values, const std::string& position = ":1:1: ") {
    diagnostics diags;
    const std::string report = report_for(path, text, diags);
    EXPECT_EQ(report, path + position + "error: " + not_rules + "\n1 error, 0 warnings\n");
    for (const std::string& v : values) EXPECT_EQ(report.find(v), std::string::npos) << v;
}

TEST(ForeignFileTest, JsonLinesProfilesAreNotEchoed) {
    expect_refused_without_content(
        "p.jsonl",
        "{\"borger_id\": \"0101904321\", \"foedselsdato\": \"1990-04-17\", \"navn\": \"Søren\"}\n"
        "{\"borger_id\": \"0202854321\", \"foedselsdato\": \"1985-02-02\", \"navn\": \"Jens\"}\n",
        {"0101904321", "1990-04-17", "Søren", "0202854321", "Jens", "borger_id", "{"});
}

TEST(ForeignFileTest, CsvProfilesAreNotEchoedWithOrWithoutAHeader) {
    const std::vector<std::string> values = {"0101904321", "1990-04-17", "Soeren", "Jens", "borger_id", "navn"};
    expect_refused_without_content("p.csv", "borger_id,foedselsdato,navn\n0101904321,1990-04-17,Soeren\n0202,x,Jens\n",
                                   values);
    expect_refused_without_content("p.csv", "0101904321,1990-04-17,Soeren\n0202,x,Jens\n", values);
    expect_refused_without_content("p.csv", "Soeren;1990-04-17;0101904321\nJens;x;0202\n", values);
    // Semicolons, tabs and a leading comment line change nothing.
    expect_refused_without_content("p.tsv", "# export\nborger_id\tnavn\n0101904321\tJens\n", values, ":2:1: ");
}

TEST(ForeignFileTest, AFileStartingWithADeclarationKeywordButNoSpaceIsNotRules) {
    // A CSV whose first column is named like a keyword.
    expect_refused_without_content("p.csv", "type,navn\nA,Jens\n", {"navn", "Jens"});
}

TEST(ForeignFileTest, RuleTextWithAMistakeInItsFirstDeclarationStillGetsEveryError) {
    diagnostics diags;
    const std::string report = report_for("r.trappe", "define a = 1 +\ndefine b = (2\noutput c\n", diags);
    EXPECT_EQ(diags.error_count(), 2u) << report;
    EXPECT_EQ(report.find("does not look like"), std::string::npos) << report;
}

TEST(ForeignFileTest, AnEmptyFileOrOnlyCommentsIsRules) {
    diagnostics diags;
    (void)report_for("r.trappe", "# nothing yet\n\n", diags);
    EXPECT_FALSE(diags.has_errors());
}

}  // namespace
}  // namespace trappe
