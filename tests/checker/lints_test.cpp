// Lints and diagnostics of issue 12: each as one precise message, no follow-on errors.

#include "test_support.hpp"

namespace trappe {
namespace {

check_result check(const std::string& text) { return check_sources({{"t.trappe", text}}); }

std::vector<std::string> messages(const check_result& r, severity level) {
    std::vector<std::string> out;
    for (const diagnostic& d : r.diags.items())
        if (d.level == level) out.push_back(d.message);
    return out;
}

TEST(LintsTest, ACycleGivesNoFollowOnTypeErrors) {
    // b closes the cycle a -> b -> a while a's body is checked: it has no type yet.
    const check_result r = check("input x : integer\ndefine a = count(b, x > 1)\ndefine b = a >= 1\noutput a\n");
    EXPECT_EQ(messages(r, severity::error), (std::vector<std::string>{"dependency cycle: a → b → a"})) << r.report();
}

TEST(LintsTest, ACycleThroughMatchMaxAndComparisonGivesOneErrorEach) {
    const check_result r = check(
        "type sb = enum { intet, let, hoejt }\ninput s : sb\n"
        "define c = match d { intet -> 1  otherwise -> 2 }\ndefine d = if c > 1 then s else s\n"
        "define e = max(f, s)\ndefine f = e\n"
        "define g = h >= hoejt\ndefine h = if g then s else s\n"
        "define k = l in {let}\ndefine l : sb = if k then s else s\noutput c, e, g, k\n");
    EXPECT_EQ(messages(r, severity::error),
              (std::vector<std::string>{"dependency cycle: c → d → c", "dependency cycle: e → f → e",
                                        "dependency cycle: g → h → g", "dependency cycle: k → l → k"}))
        << r.report();
}

TEST(LintsTest, ATypeErrorBesideACycleIsStillReported) {
    const check_result r = check("input x : integer\ndefine a = count(b, x)\ndefine b = a >= 1\noutput a\n");
    const auto errors = messages(r, severity::error);
    EXPECT_EQ(errors.size(), 2u) << r.report();
    EXPECT_NE(std::find(errors.begin(), errors.end(), "'count' needs a bool, not integer"), errors.end()) << r.report();
}

TEST(LintsTest, NonExhaustiveMatchNamesEveryMissingValue) {
    const check_result r = check(
        "type sb = enum { intet, let, moderat, hoejt \"højt\" }\ninput s : sb\n"
        "define t = match s { intet -> 0  moderat -> 1 }\noutput t\n");
    EXPECT_EQ(messages(r, severity::error),
              (std::vector<std::string>{"'match' does not cover let and hoejt (add arms or 'otherwise')"}))
        << r.report();
}

TEST(LintsTest, WarnsOnACriterionOrOfferWithoutCites) {
    const check_result r = check(
        "type trin = level 0..1 { ingen, aabne }\ninput alder : integer\n"
        "criterion sel_x \"X\"\n  when alder >= 18\n"
        "criterion sel_y \"Y\"\n  cites \"Serviceloven § 85\"\n  when alder >= 18\n"
        "define t : trin = if sel_x or sel_y then aabne else ingen\noutput t\nrecommend t\n"
        "offer under_x \"U\"\n  under sel_x\n  step aabne\n"
        "offer under_y \"V\"\n  under sel_y\n  step aabne\n"
        "offer open \"O\"\n  when alder >= 18\n  step aabne\n"
        "offer cited \"C\"\n  cites \"Kvalitetsstandard\"\n  when alder >= 18\n  step aabne\n");
    ASSERT_TRUE(r.ok()) << r.report();
    // under_x inherits sel_x's missing citation: one warning, at the criterion.
    EXPECT_EQ(messages(r, severity::warning),
              (std::vector<std::string>{"criterion 'sel_x' has no 'cites': its decisions would name no legal basis",
                                        "offer 'open' has no 'cites': its decisions would name no legal basis"}))
        << r.report();
}

TEST(LintsTest, ShippedPacksCiteEveryCriterionAndOffer) {
    for (const char* pack : {"rules/serviceloven", "rules/roskilde-2025"}) {
        const check_result r = check_rules(pack);
        ASSERT_TRUE(r.ok()) << r.report();
        EXPECT_EQ(messages(r, severity::warning), std::vector<std::string>{}) << pack << "\n" << r.report();
    }
}

TEST(LintsTest, ADuplicateOfAnImportedNameIsReportedAtThePacksOwnLine) {
    const check_result r = check_rules("tests/golden/diagnostics/duplicate_import");
    ASSERT_EQ(r.diags.error_count(), 1u) << r.report();
    const diagnostic& d = r.diags.items()[0];
    EXPECT_EQ(r.sources.path(d.where.file), "tests/golden/diagnostics/duplicate_import/rules.trappe");
    EXPECT_EQ(d.where.line, 4u);
    ASSERT_EQ(d.notes.size(), 1u);
    EXPECT_EQ(d.notes[0].message, "first defined here");
    EXPECT_EQ(r.sources.path(d.notes[0].where.file), "tests/golden/diagnostics/duplicate_import/national/alder.trappe");
    EXPECT_EQ(d.notes[0].where.line, 2u);
}

TEST(LintsTest, AMissingImportSuggestsTheNearestPack) {
    const check_result r = check_sources({{"rules/ny-pakke/t.trappe", "import \"../servicelove\"\n"}});
    EXPECT_EQ(messages(r, severity::error),
              (std::vector<std::string>{"cannot find imported rules 'rules/servicelove'; did you mean '../serviceloven'?"}))
        << r.report();
}

TEST(LintsTest, AMissingImportOutsideTheRuleRootGetsNoSuggestion) {
    // rules/ is the root here: names in the folder above it are not shown.
    const check_result r = check_sources({{"rules/ny-pakke/t.trappe", "import \"../../test\"\n"}});
    const auto errors = messages(r, severity::error);
    ASSERT_EQ(errors.size(), 1u) << r.report();
    EXPECT_EQ(errors[0].find("did you mean"), std::string::npos) << errors[0];
}

TEST(LintsTest, AFieldMissingFromAProfileIsReportedOnceAtTheProfile) {
    std::string text = "input x : integer\ninput z : bool\ndefine y = x + 1\noutput y, z\nprofile base { x = 1 }\n";
    for (int i = 0; i < 10; ++i)
        text += "test \"t" + std::to_string(i) + "\" given base { x = " + std::to_string(i) + " } expect { y = " +
                std::to_string(i + 1) + " }\n";
    text += "test \"sets it\" given base { z = true } expect { y = 2 }\n";
    const check_result r = check(text);
    ASSERT_EQ(r.diags.error_count(), 1u) << r.report();
    EXPECT_EQ(r.diags.items()[0].message,
              "profile 'base' gives no value for: z; 10 tests given it need them (write 'field = ikke_vurderet' for an "
              "item not assessed)");
    EXPECT_EQ(r.diags.items()[0].where.line, 5u);
}

TEST(LintsTest, TestsCanOverrideParametersAndExpectAnInputError) {
    const check_result r = check(
        "input x : integer\ninput f : date required\ninput d : date required\nparam p : integer = 2\n"
        "define y = x + p\ndefine a = age(f, d)\noutput y, a\n"
        "profile base { x = 1  f = 2000-01-01  d = 2025-01-01 }\n"
        "test \"with\" given base { } with { p = 5 } expect { y = 6 }\n"
        "test \"error\" given base { f = 2030-01-01 } expect error on f\n");
    ASSERT_TRUE(r.ok()) << r.report();
    ASSERT_EQ(r.checked->tests.size(), 2u);
    const test_case& with = r.checked->tests[0];
    ASSERT_EQ(with.parameters.size(), 1u);
    EXPECT_EQ(r.checked->symbols[with.parameters[0].parameter].name, "p");
    EXPECT_EQ(with.parameters[0].value, 5);
    EXPECT_FALSE(with.expect_error);
    const test_case& error = r.checked->tests[1];
    ASSERT_TRUE(error.expect_error);
    EXPECT_EQ(r.checked->symbols[*error.expect_error].name, "f");
    EXPECT_TRUE(error.expect.empty());
}

TEST(LintsTest, WithAndErrorAreNotReservedWords) {
    const check_result r = check("input with : integer\ninput error : integer\ninput on : integer\n"
                                 "define y = with + error + on\noutput y\n");
    EXPECT_TRUE(r.ok()) << r.report();
}

}  // namespace
}  // namespace trappe
