#include <gtest/gtest.h>

#include <chrono>

#include "trappe/common/diagnostic.hpp"
#include "trappe/common/source_manager.hpp"

namespace trappe {
namespace {

TEST(DiagnosticTest, RendersFileLineColumnAndCaret) {
    source_manager sources;
    const file_id f = sources.add("x.trappe", "define a = 1\ndefine b = c + 1\n");
    diagnostics diags;
    diags.error({f, 2, 12}, "unknown name 'c'");
    EXPECT_EQ(render(diags, sources),
              "x.trappe:2:12: error: unknown name 'c'\n"
              "    define b = c + 1\n"
              "               ^\n"
              "1 error, 0 warnings\n");
}

TEST(DiagnosticTest, CountsColumnsInCodePoints) {
    source_manager sources;
    const file_id f = sources.add("x.trappe", "# æøå\ndefine støtte = 1\n");
    const std::string& text = sources.text(f);
    const location at = sources.locate(f, text.find("= 1"));
    EXPECT_EQ(at.line, 2u);
    EXPECT_EQ(at.column, 15u);  // "define støtte " is 14 characters but 15 bytes
}

TEST(DiagnosticTest, QuotesAtMost160CharactersAroundTheCaret) {
    source_manager sources;
    std::string line = "define a = 1";
    while (line.size() < 100'000) line += " + 1";
    line[50'000] = '?';
    const file_id f = sources.add("x.trappe", line + "\n");
    diagnostics diags;
    diags.error(sources.locate(f, 50'000), "here");
    const std::string out = render(diags, sources);
    const std::size_t quote = out.find('\n') + 1;
    const std::string quoted = out.substr(quote, out.find('\n', quote) - quote);
    const std::string caret = out.substr(quote + quoted.size() + 1, out.find('\n', quote + quoted.size() + 1) - quote - quoted.size() - 1);
    EXPECT_LE(quoted.size(), 4u + 3u + 160u + 3u) << quoted;
    EXPECT_EQ(quoted.rfind("    ...", 0), 0u) << quoted;
    EXPECT_EQ(quoted.substr(quoted.size() - 3), "...");
    ASSERT_EQ(caret.size(), caret.find('^') + 1) << caret;
    EXPECT_EQ(quoted[caret.size() - 1], '?') << "the caret points at the character of the location";
    EXPECT_LT(out.size(), 500u);
}

TEST(DiagnosticTest, KeepsAShortLineWhole) {
    source_manager sources;
    const file_id f = sources.add("x.trappe", std::string(150, 'x') + "\n");
    diagnostics diags;
    diags.error({f, 1, 150}, "here");
    EXPECT_NE(render(diags, sources).find("    " + std::string(150, 'x') + "\n"), std::string::npos);
}

TEST(DiagnosticTest, QuotesNoControlCharactersOrBrokenUtf8) {
    source_manager sources;
    const file_id f = sources.add("x.trappe", "define a = \x1b[31mred\x7f \xC3 æ\n");
    diagnostics diags;
    diags.error({f, 1, 12}, "here");
    const std::string out = render(diags, sources);
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
    EXPECT_EQ(out.find('\x7f'), std::string::npos) << out;
    EXPECT_EQ(out.find("\xC3 "), std::string::npos) << out;
    EXPECT_NE(out.find("æ"), std::string::npos) << out;
}

TEST(DiagnosticTest, ShowsNoSourceWhenAskedNotTo) {
    source_manager sources;
    const file_id f = sources.add("x.csv", "borger_id,alder\n0101904321,34\n");
    diagnostics diags;
    diagnostic d;
    d.where = {f, 2, 1};
    d.message = "this does not look like a rule file";
    d.show_source = false;
    diags.add(d);
    EXPECT_EQ(render(diags, sources), "x.csv:2:1: error: this does not look like a rule file\n1 error, 0 warnings\n");
}

TEST(DiagnosticTest, ShowsTheFirstFiftyOfAFileAndHowManyMore) {
    source_manager sources;
    const file_id f = sources.add("x.trappe", "define a = b\n");
    const file_id g = sources.add("y.trappe", "define c = d\n");
    diagnostics diags;
    for (int i = 0; i < 1000; ++i) diags.error({f, 1, 12}, "unknown name 'b'");
    diags.warning({f, 1, 8}, "'a' is never used");
    diags.error({g, 1, 12}, "unknown name 'd'");
    diags.sort_by_location();
    const std::string out = render(diags, sources);
    std::size_t shown = 0;
    for (std::size_t i = out.find("x.trappe:1:"); i != std::string::npos; i = out.find("x.trappe:1:", i + 1)) ++shown;
    EXPECT_EQ(shown, max_diagnostics_per_file);
    EXPECT_NE(out.find("x.trappe: and 951 more (" + std::to_string(max_diagnostics_per_file) +
                       " are shown per file)\n"), std::string::npos) << out.substr(out.size() - 400);
    EXPECT_NE(out.find("y.trappe:1:12: error: unknown name 'd'"), std::string::npos);
    EXPECT_NE(out.find("1001 errors, 1 warning\n"), std::string::npos);
    EXPECT_LT(out.size(), 10'000u);
}

TEST(DiagnosticTest, LocatesQuicklyOnAVeryLongLine) {
    source_manager sources;
    const file_id f = sources.add("x.trappe", std::string(1'000'000, 'x') + "æ" + std::string(1'000'000, 'y'));
    // 100,000 lookups on one 2 MB line; counting from the line start each time took seconds.
    const auto start = std::chrono::steady_clock::now();
    std::size_t sum = 0;
    for (std::size_t offset = 0; offset < 2'000'002; offset += 20) sum += sources.locate(f, offset).column;
    EXPECT_GT(sum, 0u);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    EXPECT_EQ(sources.locate(f, 1'000'002).column, 1'000'002u);
    EXPECT_EQ(sources.locate(f, 1'000'000).column, 1'000'001u);
}

TEST(DiagnosticTest, SuggestsTheClosestName) {
    EXPECT_EQ(closest_name("stoetebehov", {"stoettebehov", "trin", "alder"}), "stoettebehov");
    EXPECT_EQ(closest_name("xyz", {"stoettebehov", "trin"}), "");
}

}  // namespace
}  // namespace trappe
