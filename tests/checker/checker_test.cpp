#include "test_support.hpp"

namespace trappe {
namespace {

check_result check(const std::string& text) { return check_sources({{"t.trappe", text}}); }

bool has_message(const check_result& r, const std::string& fragment) {
    for (const diagnostic& d : r.diags.items())
        if (d.message.find(fragment) != std::string::npos) return true;
    return false;
}

TEST(CheckerTest, OrdersDefinitionsByDependency) {
    const check_result r = check("input x : integer\ndefine c = b + 1\ndefine b = a * 2\ndefine a = x\noutput c\n");
    ASSERT_TRUE(r.ok()) << r.report();
    std::vector<std::string> order;
    for (symbol_id s : r.checked->order) order.push_back(r.checked->symbols[s].name);
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(CheckerTest, InfersTheTypeOfUnannotatedDefinitions) {
    const check_result r = check(
        "type sb = enum { intet, let, hoejt }\ninput s : sb\ndefine later = earlier >= let\n"
        "define earlier = s\noutput later\n");
    ASSERT_TRUE(r.ok()) << r.report();
    EXPECT_EQ(r.checked->types[r.checked->symbols[*r.checked->find("earlier")].type].name, "sb");
}

TEST(CheckerTest, ResolvesEnumValuesFromTheOtherOperand) {
    const check_result r = check(
        "type sb = enum { intet, let, hoejt }\ninput s : sb\ndefine a = hoejt <= s\ndefine b = s in {let, hoejt}\n"
        "output a, b\n");
    EXPECT_TRUE(r.ok()) << r.report();
}

TEST(CheckerTest, SuggestsNamesForTypos) {
    const check_result r = check("input alder : integer\ndefine voksen = aldr >= 18\noutput voksen\n");
    EXPECT_TRUE(has_message(r, "unknown name 'aldr'; did you mean 'alder'?")) << r.report();
}

TEST(CheckerTest, RejectsATableWithoutRows) {
    const auto by_date = check("input d : date \"D\" required\nparam t : integer\n  table by date {\n  }\ndefine x = t(d)\noutput x\n");
    EXPECT_FALSE(by_date.ok());
    EXPECT_TRUE(has_message(by_date, "table 't' has no rows")) << by_date.report();
    const auto by_level = check("type n = level 0..2\ninput l : n \"L\"\nparam t : integer\n  table by n { }\ndefine x = t(l)\noutput x\n");
    EXPECT_FALSE(by_level.ok()) << "a table by level without rows leaves every level uncovered";
}

TEST(CheckerTest, RequiresExhaustiveMatch) {
    const check_result r = check(
        "type sb = enum { intet, let, hoejt }\ninput s : sb\ndefine t = match s { intet -> 0  let -> 1 }\noutput t\n");
    EXPECT_TRUE(has_message(r, "'match' does not cover hoejt")) << r.report();
}

TEST(CheckerTest, KnownTakesAnInput) {
    const check_result r = check("input x : integer\ndefine y = x + 1\ndefine z = known(y)\noutput z\n");
    EXPECT_TRUE(has_message(r, "known() takes the name of an input")) << r.report();
}

std::vector<std::string> warnings_of(const check_result& r) {
    std::vector<std::string> out;
    for (const diagnostic& d : r.diags.items())
        if (d.level == severity::warning) out.push_back(d.message);
    return out;
}

TEST(CheckerTest, WarnsWhenACriterionsOnlySentenceIsAReasonToGrant) {
    const check_result r = check(
        "input x : integer\n"
        "criterion only_yes \"A\" cites \"§ 1\" when x > 1\n  because \"x er over 1\"\n"
        "criterion both \"B\" cites \"§ 2\" when x > 2\n  because \"x er over 2\"\n  because not \"x skal være over 2\"\n"
        "criterion none \"C\" cites \"§ 3\" when x > 3\n"
        "output only_yes, both, none\n");
    ASSERT_TRUE(r.ok()) << r.report();
    EXPECT_EQ(warnings_of(r), (std::vector<std::string>{
                                  "criterion 'only_yes' has only a `because` sentence, which reads as a reason to grant; "
                                  "add `because not \"…\"` to explain a refusal"}));
    for (const diagnostic& d : r.diags.items())
        if (d.level == severity::warning) {
            EXPECT_EQ(d.where.line, 3u);
        }
}

TEST(CheckerTest, ChecksThePlaceholdersOfBecauseNot) {
    const check_result r = check("input x : integer\ncriterion c \"C\" when x > 1\n  because not \"{y} er for lav\"\noutput c\n");
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(has_message(r, "'y'")) << r.report();
}

TEST(CheckerTest, WarnsAboutUnusedNames) {
    const check_result r = check("input x : integer\ninput unused : bool\nparam p : integer = 2\ndefine y = x + 1\noutput y\n");
    ASSERT_TRUE(r.ok()) << r.report();
    std::vector<std::string> warnings;
    for (const diagnostic& d : r.diags.items())
        if (d.level == severity::warning) warnings.push_back(d.message);
    EXPECT_EQ(warnings, (std::vector<std::string>{"input 'unused' is never used", "parameter 'p' is never used"}));
}

TEST(CheckerTest, ExternIsSatisfiedByALocalDefinition) {
    const check_result r = check(
        "type sb = enum { intet, let }\nextern s : sb\ninput x : integer\ndefine s : sb = if x > 1 then let else intet\n"
        "define y = s = let\noutput y\n");
    ASSERT_TRUE(r.ok()) << r.report();
    EXPECT_EQ(r.checked->symbols[*r.checked->find("s")].kind, symbol_kind::definition);
}

TEST(CheckerTest, UnsatisfiedExternIsAnInput) {
    const check_result r = check("type sb = enum { intet, let }\nextern s : sb\ndefine y = s = let\noutput y\n");
    ASSERT_TRUE(r.ok()) << r.report();
    EXPECT_EQ(r.checked->symbols[*r.checked->find("s")].kind, symbol_kind::input);
}

TEST(CheckerTest, EnumTablesMustCoverEveryValue) {
    const check_result r = check(
        "type sb = enum { intet, let, hoejt }\ninput s : sb\nparam t : integer table by sb { intet, let -> 1 }\n"
        "define y = t(s)\noutput y\n");
    EXPECT_TRUE(has_message(r, "table 't' has no row for hoejt")) << r.report();
}

TEST(CheckerTest, DatedParametersNeedAnAsOfDate) {
    const check_result r = check("param p : integer from 2025-01-01 = 3\ninput x : integer\ndefine y = x + p\noutput y\n");
    EXPECT_TRUE(has_message(r, "no 'as_of' input")) << r.report();
}

TEST(CheckerTest, TestsMustGiveEveryInput) {
    const check_result r = check("input x : integer\ninput z : bool\ndefine y = x + 1\noutput y, z\n"
                                 "test \"t\" { x = 1 } expect { y = 2 }\n");
    EXPECT_TRUE(has_message(r, "test 't' gives no value for: z")) << r.report();
}

TEST(CheckerTest, ChecksTemplatePlaceholders) {
    const check_result r = check("input x : integer\ndefine y = x + 1\n  because \"{x} og {z}\"\noutput y\n");
    ASSERT_EQ(r.diags.error_count(), 1u) << r.report();
    const diagnostic& d = r.diags.items()[0];
    EXPECT_EQ(d.message, "unknown name 'z' in template; did you mean 'x'?");
    EXPECT_EQ(d.where.line, 3u);
    EXPECT_EQ(d.where.column, 19u);  // the quote is column 11; the "{" of {z} is the 8th character inside
}

TEST(CheckerTest, ReportsMissingImports) {
    const check_result r = check("import \"does/not/exist\"\n");
    EXPECT_TRUE(has_message(r, "cannot find imported rules")) << r.report();
}

TEST(CheckerTest, RoskildePackChecksCleanAndImportsTheNationalPack) {
    const check_result r = check_rules("rules/roskilde-2025");
    ASSERT_TRUE(r.ok()) << r.report();
    EXPECT_TRUE(r.diags.items().empty()) << r.report();
    EXPECT_EQ(r.checked->pack_name, "roskilde-2025");
    EXPECT_EQ(r.checked->content_hash.rfind("sha256:", 0), 0u);
    const symbol& taerskel = r.checked->symbols[*r.checked->find("taerskel_85")];
    EXPECT_EQ(taerskel.kind, symbol_kind::parameter);
    EXPECT_TRUE(taerskel.local);
    EXPECT_FALSE(r.checked->symbols[*r.checked->find("folkepensionsalder_maaneder")].local);
    EXPECT_GE(r.checked->tests.size(), 30u);
}

}  // namespace
}  // namespace trappe
