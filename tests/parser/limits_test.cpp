// Hostile rule text: nesting and length limits, and files that are not rules.
// Every case must end in a diagnostic with a position, never a crash, and
// runs on the default stack of the test's main thread.

#include <gtest/gtest.h>

#include "parser/parse_support.hpp"

namespace trappe {
namespace {

using testing::parse;
using testing::parsed;

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

// The four shapes that overflowed the stack before the limits, at `n` levels or terms.
std::string nested_parentheses(std::size_t n) { return "define x = " + repeat("(", n) + "1" + repeat(")", n) + "\n"; }
std::string chained_if(std::size_t n) { return "define x = " + repeat("if a then 1 else ", n) + "0\n"; }
std::string chained_not(std::size_t n) { return "define x = " + repeat("not ", n) + "a\n"; }
std::string long_sum(std::size_t n) { return "define x = a" + repeat(" + 1", n) + "\n"; }
std::string chained_minus(std::size_t n) { return "define x = " + repeat("- ", n) + "1\n"; }

class DeepExpressionTest : public ::testing::TestWithParam<std::size_t> {};

void expect_one_limit_error(const parsed& p, const std::string& fragment) {
    ASSERT_EQ(p.diags.error_count(), 1u) << render(p.diags, p.sources);
    const diagnostic& d = p.diags.items()[0];
    EXPECT_NE(d.message.find(fragment), std::string::npos) << d.message;
    EXPECT_EQ(d.where.line, 1u);
    EXPECT_GT(d.where.column, 11u);  // inside the expression, not at the declaration
}

TEST_P(DeepExpressionTest, NestedParenthesesGiveADiagnostic) {
    expect_one_limit_error(parse(nested_parentheses(GetParam())), "nests more than " + std::to_string(max_expression_depth) + " levels");
}

TEST_P(DeepExpressionTest, ChainedIfElseGivesADiagnostic) {
    expect_one_limit_error(parse(chained_if(GetParam())), "nests more than " + std::to_string(max_expression_depth) + " levels");
}

TEST_P(DeepExpressionTest, ChainedNotGivesADiagnostic) {
    expect_one_limit_error(parse(chained_not(GetParam())), "nests more than " + std::to_string(max_expression_depth) + " levels");
}

TEST_P(DeepExpressionTest, ChainedMinusGivesADiagnostic) {
    expect_one_limit_error(parse(chained_minus(GetParam())), "nests more than " + std::to_string(max_expression_depth) + " levels");
}

TEST_P(DeepExpressionTest, LongSumGivesADiagnostic) {
    expect_one_limit_error(parse(long_sum(GetParam())), "more than " + std::to_string(max_expression_terms) + " terms");
}

INSTANTIATE_TEST_SUITE_P(Levels, DeepExpressionTest, ::testing::Values(10'000, 100'000));

TEST(ParserLimitsTest, AcceptsExpressionsAtTheLimits) {
    for (const std::string& text : {nested_parentheses(max_expression_depth - 1), chained_not(max_expression_depth - 1),
                                    chained_if(max_expression_depth - 1), long_sum(max_expression_terms - 1)}) {
        const parsed p = parse(text);
        EXPECT_FALSE(p.diags.has_errors()) << text.substr(0, 40) << "\n" << render(p.diags, p.sources);
    }
}

TEST(ParserLimitsTest, RejectsExpressionsJustPastTheLimits) {
    EXPECT_TRUE(parse(nested_parentheses(max_expression_depth)).diags.has_errors());
    EXPECT_TRUE(parse(long_sum(max_expression_terms)).diags.has_errors());
}

TEST(ParserLimitsTest, TermsAreCountedPerExpression) {
    // Many expressions of a few terms each are fine, however many there are.
    const parsed p = parse(repeat("define x = a + 1 + 2\n", 2000));
    EXPECT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    EXPECT_EQ(p.file.declarations.size(), 2000u);
}

TEST(ParserLimitsTest, NestedChainsCountTowardsOneExpression) {
    // Chains inside parentheses make the tree as deep as their terms together.
    const std::string inner = "(" + repeat("a + ", 300) + "1)";
    const parsed p = parse("define x = " + repeat(inner + " + ", 4) + "1\n");
    EXPECT_EQ(p.diags.error_count(), 1u) << render(p.diags, p.sources);
}

TEST(ParserLimitsTest, ContinuesWithTheNextDeclarationAfterALimit) {
    const parsed p = parse("define a = 1\n" + nested_parentheses(10'000) + "define b = 2 +\ndefine c = 3\n");
    EXPECT_EQ(p.diags.error_count(), 2u) << render(p.diags, p.sources);
    EXPECT_EQ(p.file.declarations.size(), 2u);  // a and c
}

}  // namespace
}  // namespace trappe
