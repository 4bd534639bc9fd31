#include <gtest/gtest.h>

#include "parser/parse_support.hpp"

namespace trappe {
namespace {

using testing::parse;
using testing::parsed;

const ast::expr& body_of(const parsed& p, std::size_t i = 0) {
    return std::get<ast::define_decl>(p.file.declarations.at(i)).body;
}

TEST(ParserTest, ParsesPrecedenceOfAndOrAndComparison) {
    const parsed p = parse("define x = a or b and c >= 2 + 1\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    const ast::expr& e = body_of(p);
    ASSERT_EQ(e.kind, ast::expr_kind::binary);
    EXPECT_EQ(e.op, ast::binary_op::logical_or);
    const ast::expr& rhs = e.args[1];
    EXPECT_EQ(rhs.op, ast::binary_op::logical_and);
    EXPECT_EQ(rhs.args[1].op, ast::binary_op::ge);
    EXPECT_EQ(rhs.args[1].args[1].op, ast::binary_op::add);
}

TEST(ParserTest, ParsesFirstWithLabelsAndOtherwise) {
    const parsed p = parse(
        "define s = first\n"
        "  S1: daglig = 4 -> fuldstaendigt\n"
        "  hoejeste >= 3 -> hoejt\n"
        "  otherwise -> intet\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    const ast::expr& e = body_of(p);
    ASSERT_EQ(e.kind, ast::expr_kind::first);
    EXPECT_EQ(e.labels, (std::vector<std::string>{"S1", ""}));
    EXPECT_EQ(e.args.size(), 5u);
    EXPECT_EQ(e.args.back().text, "intet");
}

TEST(ParserTest, ParsesMatchArmsWithSeveralKeys) {
    const parsed p = parse("define t = match s { intet, let -> 0  moderat -> if h then 3 else 1  otherwise -> 5 }\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    const ast::expr& e = body_of(p);
    ASSERT_EQ(e.kind, ast::expr_kind::match);
    ASSERT_EQ(e.arm_keys.size(), 3u);
    EXPECT_EQ(e.arm_keys[0].size(), 2u);
    EXPECT_TRUE(e.arm_keys[2].empty());  // otherwise
    EXPECT_EQ(e.args[2].kind, ast::expr_kind::if_else);
}

TEST(ParserTest, ParsesDatesCallsSetsAndKnown) {
    const parsed p = parse("define x = known(a) and add_months(d, 12) < 2025-09-01 and s in {let, moderat}\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    const ast::expr& e = body_of(p);
    const ast::expr& date_cmp = e.args[0].args[1];
    EXPECT_EQ(date_cmp.args[0].kind, ast::expr_kind::call);
    EXPECT_EQ(date_cmp.args[1].kind, ast::expr_kind::date);
    EXPECT_EQ(e.args[1].kind, ast::expr_kind::in_set);
    EXPECT_EQ(e.args[1].args.size(), 3u);
}

TEST(ParserTest, RecordsPositionsOfDeclarationsAndExpressions) {
    const parsed p = parse("\n  define x = 1 + y\n");
    ASSERT_FALSE(p.diags.has_errors());
    const auto& d = std::get<ast::define_decl>(p.file.declarations[0]);
    EXPECT_EQ(d.where.line, 2u);
    EXPECT_EQ(d.where.column, 3u);
    EXPECT_EQ(d.body.args[1].where.column, 18u);
}

TEST(ParserTest, ParsesParameterTablesAndDatedVersions) {
    const parsed p = parse(
        "param p : integer cites \"§ 1 a\" local table by date {\n"
        "  before 1954-01-01 -> 780\n"
        "  1954-01-01 .. 1954-06-30 -> 786\n"
        "  from 1954-07-01 -> 792\n"
        "}\n"
        "param t : stoettebehov from 2025-06-01 = moderat from 2026-01-01 = hoejt\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    const auto& table = std::get<ast::param_decl>(p.file.declarations[0]);
    EXPECT_TRUE(table.local);
    EXPECT_EQ(table.citation, "§ 1 a");
    ASSERT_EQ(table.rows.size(), 3u);
    EXPECT_FALSE(table.rows[0].date_lo.has_value());
    EXPECT_FALSE(table.rows[2].date_hi.has_value());
    const auto& dated = std::get<ast::param_decl>(p.file.declarations[1]);
    EXPECT_EQ(dated.versions.size(), 2u);
}

TEST(ParserTest, ParsesCriteriaOffersAndTests) {
    const parsed p = parse(
        "criterion sel_99 \"Støtte- og kontaktperson\" cites \"Serviceloven § 99\" when voksen and misbrug\n"
        "  because \"{alder} år\" not appealable\n"
        "offer o \"Tilbud\" under sel_99 step 1 scope \"efter behov\" review 6 months\n"
        "test \"a\" given base { x = ikke_vurderet  y = 3 } expect { z = true }\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    const auto& c = std::get<ast::define_decl>(p.file.declarations[0]);
    EXPECT_TRUE(c.is_criterion);
    EXPECT_FALSE(c.appealable);
    EXPECT_EQ(c.because.text, "{alder} år");
    const auto& o = std::get<ast::offer_decl>(p.file.declarations[1]);
    EXPECT_EQ(o.criterion->text, "sel_99");
    EXPECT_TRUE(o.review_months.has_value());
    const auto& t = std::get<ast::test_decl>(p.file.declarations[2]);
    EXPECT_EQ(t.base_profile->text, "base");
    EXPECT_TRUE(t.given[0].unassessed);
    EXPECT_EQ(t.expect.size(), 1u);
}

TEST(ParserTest, ParsesBecauseNotBesideBecauseAndNotAppealable) {
    const parsed p = parse(
        "criterion c \"Tilbud\" cites \"§ 1\" when voksen\n"
        "  because \"{alder} år\" because not \"kun for voksne\" not appealable\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    const auto& c = std::get<ast::define_decl>(p.file.declarations[0]);
    EXPECT_EQ(c.because.text, "{alder} år");
    EXPECT_EQ(c.because_not.text, "kun for voksne");
    EXPECT_FALSE(c.appealable);
    EXPECT_EQ(c.because_not.where.line, 2u);
}

TEST(ParserTest, ParsesTheOptionalLabelOfADefinition) {
    const parsed p = parse("define stoettebehov \"støttebehovet\" : niveau = x\ndefine y = 1\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    EXPECT_EQ(std::get<ast::define_decl>(p.file.declarations[0]).title, "støttebehovet");
    EXPECT_EQ(std::get<ast::define_decl>(p.file.declarations[1]).title, "");
}

TEST(ParserTest, ReportsEverySyntaxErrorAtOnce) {
    const parsed p = parse(
        "define a = 1 +\n"
        "define b = if x then else 2\n"
        "define c = 3\n"
        "input d : \n"
        "define e = (1\n");
    EXPECT_EQ(p.diags.error_count(), 4u) << render(p.diags, p.sources);
    // The declaration between the errors still parses.
    bool found_c = false;
    for (const auto& d : p.file.declarations)
        if (const auto* def = std::get_if<ast::define_decl>(&d)) found_c = found_c || def->name == "c";
    EXPECT_TRUE(found_c);
}

TEST(ParserTest, ReportsColumnOfMissingOperand) {
    const parsed p = parse("define b = if x then else 2\n");
    ASSERT_EQ(p.diags.items().size(), 1u);
    const diagnostic& d = p.diags.items()[0];
    EXPECT_EQ(d.where.line, 1u);
    EXPECT_EQ(d.where.column, 22u);
    EXPECT_EQ(d.message, "expected expression but found 'else'");
}

TEST(ParserTest, RejectsInvalidDateLiterals) {
    const parsed p = parse("define x = 2025-02-30\n");
    ASSERT_EQ(p.diags.error_count(), 1u);
    EXPECT_NE(p.diags.items()[0].message.find("invalid date"), std::string::npos);
}

TEST(ParserTest, AcceptsUtf8InStringsAndComments) {
    const parsed p = parse("# Støttebehov for borgere på trappen: æ, ø, å\ninput x : bool \"Særlige sociale problemer\"\n");
    ASSERT_FALSE(p.diags.has_errors());
    EXPECT_EQ(std::get<ast::input_decl>(p.file.declarations[0]).description, "Særlige sociale problemer");
}

TEST(ParserTest, ParsesTestsWithParametersAndAnExpectedInputError) {
    const parsed p = parse(
        "test \"a\" given nul { x = 1 } with { taerskel = hoejt  n = 3 } expect { y = 2 }\n"
        "test \"b\" { x = 1 } expect error on foedselsdato\n");
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    const auto& a = std::get<ast::test_decl>(p.file.declarations.at(0));
    ASSERT_EQ(a.parameters.size(), 2u);
    EXPECT_EQ(a.parameters[0].field.text, "taerskel");
    EXPECT_EQ(a.parameters[0].value.text, "hoejt");
    EXPECT_EQ(a.parameters[1].value.number, 3);
    EXPECT_EQ(a.expect.size(), 1u);
    EXPECT_FALSE(a.expect_error);
    const auto& b = std::get<ast::test_decl>(p.file.declarations.at(1));
    EXPECT_TRUE(b.parameters.empty());
    EXPECT_TRUE(b.expect.empty());
    ASSERT_TRUE(b.expect_error);
    EXPECT_EQ(b.expect_error->text, "foedselsdato");
    EXPECT_EQ(b.expect_error->where.column, 36u);
}

TEST(ParserTest, ReportsAnUnfinishedTestExpectation) {
    const parsed wrong = parse("test \"a\" { x = 1 } expect y = 2\n");
    ASSERT_EQ(wrong.diags.items().size(), 1u) << render(wrong.diags, wrong.sources);
    EXPECT_EQ(wrong.diags.items()[0].message, "expected '{' or 'error on' but found 'y'");
    EXPECT_EQ(wrong.diags.items()[0].where.column, 27u);
    const parsed no_on = parse("test \"a\" { x = 1 } expect error x\n");
    ASSERT_EQ(no_on.diags.items().size(), 1u) << render(no_on.diags, no_on.sources);
    EXPECT_EQ(no_on.diags.items()[0].message, "expected 'on' but found 'x'");
}

TEST(ParserTest, ParsesBothFormsOfProperty) {
    const parsed p = parse(
        "property \"Mere behov, aldrig lavere trin\" monotone trin in praktiske_opgaver,\n"
        "    egenomsorg   # the second area\n"
        "property sel_108 implies stoettebehov = fuldstaendigt\n"
        "define monotone = implies\n");  // both words stay free as names
    ASSERT_FALSE(p.diags.has_errors()) << render(p.diags, p.sources);
    ASSERT_EQ(p.file.declarations.size(), 3U);
    const auto& mono = std::get<ast::property_decl>(p.file.declarations[0]);
    EXPECT_TRUE(mono.monotone);
    EXPECT_EQ(mono.label, "Mere behov, aldrig lavere trin");
    EXPECT_EQ(mono.text, "monotone trin in praktiske_opgaver, egenomsorg");
    EXPECT_EQ(mono.result.text, "trin");
    ASSERT_EQ(mono.inputs.size(), 2U);
    EXPECT_EQ(mono.inputs[1].text, "egenomsorg");
    EXPECT_EQ(mono.where.line, 1U);
    EXPECT_EQ(mono.where.column, 1U);
    const auto& impl = std::get<ast::property_decl>(p.file.declarations[1]);
    EXPECT_FALSE(impl.monotone);
    EXPECT_EQ(impl.label, "");
    EXPECT_EQ(impl.text, "sel_108 implies stoettebehov = fuldstaendigt");
    EXPECT_EQ(impl.premise.text, "sel_108");
    EXPECT_EQ(impl.conclusion.op, ast::binary_op::eq);
}

TEST(ParserTest, ReportsUnfinishedPropertiesAllAtOnce) {
    const parsed p = parse("property a b\nproperty monotone in a\nproperty a implies\ndefine x = 1\n");
    const std::string report = render(p.diags, p.sources);
    EXPECT_EQ(p.diags.error_count(), 3U) << report;
    EXPECT_NE(report.find("1:12: error: expected 'implies' but found 'b'"), std::string::npos) << report;
    EXPECT_NE(report.find("2:19: error: expected name but found 'in'"), std::string::npos) << report;
    EXPECT_NE(report.find("3:19: error: expected expression but found 'define'"), std::string::npos) << report;
}

TEST(ParserTest, KeywordsAreNotNames) {
    const parsed p = parse("define and = 1\n");
    EXPECT_TRUE(p.diags.has_errors());
}

}  // namespace
}  // namespace trappe
