// Failed expectation points name what they wanted in the rule language's words,
// never a C++ type; and the reserved words are the one list of keywords.hpp.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "parser/keywords.hpp"
#include "parser/parse_support.hpp"

namespace trappe {
namespace {

using testing::parse;
using testing::parsed;

struct mistake {
    std::string text;
    std::string message;
    std::uint32_t line, column;
};

// Each was an expectation point without a name of its own (an alternative, a
// list, an action or a directive), where X3 printed the parser's mangled type.
class UnnamedExpectationTest : public ::testing::TestWithParam<mistake> {};

TEST_P(UnnamedExpectationTest, NamesWhatWasExpected) {
    const parsed p = parse(GetParam().text);
    ASSERT_EQ(p.diags.error_count(), 1u) << render(p.diags, p.sources);
    const diagnostic& d = p.diags.items()[0];
    EXPECT_EQ(d.message, GetParam().message);
    EXPECT_EQ(d.where.line, GetParam().line);
    EXPECT_EQ(d.where.column, GetParam().column);
}

INSTANTIATE_TEST_SUITE_P(
    Points, UnnamedExpectationTest,
    ::testing::Values(
        mistake{"type x = foo\n", "expected 'level' or 'enum' but found 'foo'", 1, 10},
        mistake{"type x = enum { }\n", "expected value name but found '}'", 1, 17},
        mistake{"type x = level a .. 2\n", "expected integer but found 'a'", 1, 16},
        mistake{"input x : integer 0 .. b\n", "expected integer but found 'b'", 1, 24},
        mistake{"output 1\n", "expected name but found '1'", 1, 8},
        mistake{"define x = not )\n", "expected expression but found ')'", 1, 16},
        mistake{"define x = - )\n", "expected expression but found ')'", 1, 14},
        mistake{"define x = a in { }\n", "expected expression but found '}'", 1, 19},
        mistake{"param p : integer table by date { before 2025-01-01 -> ) }\n",
                "expected expression but found ')'", 1, 56},
        mistake{"profile p x\n", "expected '{' but found 'x'", 1, 11},
        mistake{"profile p { a = ) }\n", "expected value but found ')'", 1, 17},
        mistake{"profile p { a = 1 .. ) }\n", "expected expression but found ')'", 1, 22},
        mistake{"profile p { a = { } }\n", "expected expression but found '}'", 1, 19},
        mistake{"test \"t\" { a = 1 } with x\n", "expected '{' but found 'x'", 1, 25},
        mistake{"test \"t\" { a = 1 } x\n", "expected 'expect' but found 'x'", 1, 20},
        mistake{"justification { intro 1 }\n", "expected string but found '1'", 1, 23}));

// Rule text cut short anywhere: every message names a word of the language.
TEST(ExpectationTest, TruncatedPackNamesOnlyWordsOfTheLanguage) {
    std::ifstream in("rules/roskilde-2025/trappe.trappe");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    ASSERT_GT(text.size(), 1000u);
    const std::regex readable(R"(expected ([a-z =]+|'[^']+'( or '[^']+')*) but found .*)");
    int expectations = 0;
    for (std::size_t cut = 0; cut < text.size(); cut += 7) {
        const parsed p = parse(text.substr(0, cut));
        for (const diagnostic& d : p.diags.items()) {
            if (d.message.rfind("expected ", 0) != 0 || d.message.rfind("expected a declaration", 0) == 0) continue;
            ++expectations;
            EXPECT_TRUE(std::regex_match(d.message, readable)) << "cut at " << cut << ": " << d.message;
        }
    }
    EXPECT_GT(expectations, 100);
}

std::vector<std::string> keywords() {
#define TRAPPE_KEYWORD_NAME(word, starts_declaration) #word,
    return {TRAPPE_KEYWORDS(TRAPPE_KEYWORD_NAME)};
#undef TRAPPE_KEYWORD_NAME
}

TEST(ExpectationTest, EveryKeywordIsRefusedAsANameButNotAsAPrefix) {
    for (const std::string& word : keywords()) {
        EXPECT_TRUE(parse("define " + word + " = 1\n").diags.has_errors()) << word;
        const parsed longer = parse("define " + word + "_x = " + word + "x\n");
        EXPECT_FALSE(longer.diags.has_errors()) << word << "\n" << render(longer.diags, longer.sources);
    }
}

// The reserved words of docs/language.md are those of keywords.hpp.
TEST(ExpectationTest, LanguageDocListsTheReservedWords) {
    std::ifstream in("docs/language.md");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string doc = buffer.str();
    const std::size_t section = doc.find("## Reserved words");
    ASSERT_NE(section, std::string::npos);
    const std::size_t open = doc.find('`', section);
    const std::size_t close = doc.find('`', open + 1);
    std::istringstream words(doc.substr(open + 1, close - open - 1));
    std::vector<std::string> listed;
    for (std::string w; words >> w;) listed.push_back(w);
    EXPECT_EQ(listed, keywords());
}

}  // namespace
}  // namespace trappe
