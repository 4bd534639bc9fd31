// Modules: an imported pack contributes names; the importing pack reports its own
// outputs, and only what they reach is computed and read from a profile. A pack's
// declared period of validity.

#include <unistd.h>

#include <fstream>

#include "test_support.hpp"

namespace trappe {
namespace {

namespace fs = std::filesystem;

// A national pack with an extern and an output, as rules/serviceloven.
constexpr const char* national = R"(
type grad = enum { lav, hoej }
input alder : integer 0..120 "Alder"
input behov : bool "Behov"
input ubrugt : bool "Bruges kun af loven selv"
extern graense : grad "Kommunens grænse"
define voksen = alder >= 18
define kriterie = voksen and behov and graense = hoej
define kun_loven = ubrugt
output voksen, kriterie, kun_loven
)";

class ModulesTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        root_ = fs::temp_directory_path() / ("trappe-modules-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "lov");
        fs::create_directories(root_ / "lokal");
        std::ofstream(root_ / "lov" / "lov.trappe") << national;
    }
    void TearDown() override { fs::remove_all(root_); }

    check_result check_local(const std::string& text) {
        std::ofstream(root_ / "lokal" / "lokal.trappe") << "import \"../lov\"\n" << text;
        return check_rules(root_ / "lokal");
    }

    static std::vector<std::string> output_names(const program& p) {
        std::vector<std::string> out;
        for (const symbol_id s : p.outputs) out.push_back(p.symbols[s].name);
        return out;
    }

    fs::path root_;
};

TEST_F(ModulesTest, ImportedOutputsAreNotReportedUnlessListedAgain) {
    const check_result r = check_local("input ny : bool\ndefine lokal = voksen and ny\noutput lokal\n");
    ASSERT_TRUE(r.ok()) << r.report();
    EXPECT_EQ(output_names(*r.checked), (std::vector<std::string>{"lokal"}));

    const check_result again = check_local("param graense : grad = hoej\noutput voksen, kriterie\n");
    ASSERT_TRUE(again.ok()) << again.report();
    EXPECT_EQ(output_names(*again.checked), (std::vector<std::string>{"voksen", "kriterie"}));
}

// The national pack's properties speak of its own outputs, which the local pack
// need not compute: they are verified with that pack, not with the importer.
TEST_F(ModulesTest, AnImportedPacksPropertiesAreNotTheImportersOwn) {
    std::ofstream(root_ / "lov" / "egenskaber.trappe") << "property kun_loven implies ubrugt\n";
    const check_result r = check_local("input ny : bool\ndefine lokal = voksen and ny\noutput lokal\n"
                                       "property \"Lokal\" lokal implies voksen\n");
    ASSERT_TRUE(r.ok()) << r.report();
    ASSERT_EQ(r.checked->properties.size(), 1U);
    EXPECT_EQ(r.checked->properties[0].label, "Lokal");
}

TEST_F(ModulesTest, OnlyTheInputsTheOutputsReachAreProfileFields) {
    const check_result r = check_local("input ny : bool\ndefine lokal = voksen and ny\noutput lokal\n");
    ASSERT_TRUE(r.ok()) << r.report();
    const auto p = compile(r.checked);
    std::vector<std::string> fields;
    for (const symbol_id s : p->inputs()) fields.push_back(p->rules().symbols[s].name);
    EXPECT_EQ(fields, (std::vector<std::string>{"ny", "alder"}));
    // The national pack's other fields and its extern are ignored, not unknown.
    EXPECT_TRUE(p->ignores_field("behov"));
    EXPECT_TRUE(p->ignores_field("ubrugt"));
    EXPECT_TRUE(p->ignores_field("graense"));
    EXPECT_FALSE(p->ignores_field("ny"));
    EXPECT_FALSE(p->ignores_field("findes_ikke"));
    // Only reached definitions are computed.
    EXPECT_TRUE(r.checked->is_reached(*r.checked->find("voksen")));
    EXPECT_FALSE(r.checked->is_reached(*r.checked->find("kriterie")));
    EXPECT_FALSE(r.checked->is_reached(*r.checked->find("kun_loven")));
}

TEST_F(ModulesTest, AReachedImportedExternThatNothingDefinesNamesTheOutput) {
    const check_result r = check_local("define lokal = kriterie\noutput lokal\n");
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.report().find("output 'lokal' needs 'graense', which an imported pack declares extern, but nothing "
                              "defines it"),
              std::string::npos)
        << r.report();
    EXPECT_NE(r.report().find("declared extern here"), std::string::npos) << r.report();
}

TEST_F(ModulesTest, AnExternDefinedByTheImportingPackIsNotAField) {
    const check_result r = check_local("param graense : grad = hoej\noutput kriterie\n");
    ASSERT_TRUE(r.ok()) << r.report();
    const auto p = compile(r.checked);
    EXPECT_FALSE(p->input_index("graense"));
    EXPECT_TRUE(p->input_index("behov"));
}

TEST_F(ModulesTest, TheNationalPackOnItsOwnKeepsItsExternAsAField) {
    const check_result r = check_rules(root_ / "lov");
    ASSERT_TRUE(r.ok()) << r.report();
    const auto p = compile(r.checked);
    EXPECT_TRUE(p->input_index("graense"));
    EXPECT_EQ(output_names(*r.checked), (std::vector<std::string>{"voksen", "kriterie", "kun_loven"}));
}

TEST_F(ModulesTest, RuleTestsNeedOnlyReachedFieldsAndExpectOnlyComputedNames) {
    const check_result ok = check_local(
        "input ny : bool\ndefine lokal = voksen and ny\noutput lokal\n"
        "test \"t\" { alder = 30  ny = true } expect { lokal = true  voksen = true }\n");
    ASSERT_TRUE(ok.ok()) << ok.report();
    ASSERT_EQ(ok.checked->tests.size(), 1u);

    const check_result bad = check_local(
        "input ny : bool\ndefine lokal = voksen and ny\noutput lokal\n"
        "test \"t\" { alder = 30  ny = true } expect { kun_loven = false }\n");
    EXPECT_NE(bad.report().find("'kun_loven' is not computed"), std::string::npos) << bad.report();
}

TEST_F(ModulesTest, LocalIsAllowedOnDefinitionsAndCriteria) {
    const check_result r = check_local(
        "param graense : grad = hoej\n"
        "define lokal = voksen\n  local\n  because \"voksen\"\n"
        "criterion k \"Lokal\"\n  cites \"Kommunens standard\"\n  local\n  when kriterie\n"
        "output lokal, k\n");
    ASSERT_TRUE(r.ok()) << r.report();
    EXPECT_TRUE(r.checked->symbols[*r.checked->find("lokal")].local);
    EXPECT_TRUE(r.checked->symbols[*r.checked->find("k")].local);
    EXPECT_FALSE(r.checked->symbols[*r.checked->find("voksen")].local);
}

TEST_F(ModulesTest, ProfilesMayCarryOrLeaveOutIgnoredFieldsButNotUndeclaredOnes) {
    const check_result r = check_local("input ny : bool\ndefine lokal = voksen and ny\noutput lokal\n");
    ASSERT_TRUE(r.ok()) << r.report();
    const auto p = compile(r.checked);
    const auto rows = read_json_profiles(*p, R"({"ny": true, "alder": 30}
{"ny": true, "alder": 30, "behov": true, "graense": "hoej"}
{"ny": true, "alder": 30, "findes_ikke": 1}
{"ny": true})");
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_TRUE(rows[0].errors.empty());
    EXPECT_TRUE(rows[1].errors.empty());
    ASSERT_EQ(rows[2].errors.size(), 1u);
    EXPECT_EQ(rows[2].errors[0].describe(), "row 3, field 'findes_ikke': unknown field");
    ASSERT_EQ(rows[3].errors.size(), 1u);
    EXPECT_EQ(rows[3].errors[0].field, "alder");

    const auto csv = read_csv_profiles(*p, "ny,alder,ubrugt\nja,30,nej\n");
    ASSERT_EQ(csv.size(), 1u);
    EXPECT_TRUE(csv[0].errors.empty());
    const decision d = testing::evaluate_ok(*p, *rows[1].values);
    EXPECT_EQ(d.value("lokal"), testing::point(1));
    EXPECT_FALSE(d.value("kriterie"));  // not computed for this pack
}

// ---- A pack's period

constexpr const char* dated = "input d : date required\nas_of d\ninput x : integer\n";

TEST(PackPeriodTest, AsOfDatesOutsideThePeriodAreInputErrors) {
    const auto p = testing::plan_from(std::string(dated) + "valid from 2025-06-01 to 2025-12-31\n"
                                      "define y = x + 1\noutput y\n");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(format_date(p->valid_from()), "2025-06-01");
    EXPECT_EQ(format_date(p->valid_to()), "2025-12-31");
    const auto at = [&](const char* date) {
        profile in(*p);
        in.set(*p->input_index("d"), *parse_date(date));
        in.set(*p->input_index("x"), 1);
        return evaluate(*p, in);
    };
    EXPECT_TRUE(std::holds_alternative<decision>(at("2025-06-01")));
    EXPECT_TRUE(std::holds_alternative<decision>(at("2025-12-31")));
    const auto before = at("2025-05-31");
    ASSERT_TRUE(std::holds_alternative<input_error>(before));
    EXPECT_EQ(std::get<input_error>(before).describe(),
              "field 'd': is before the first date the rules apply (2025-06-01)");
    const auto after = at("2026-01-01");
    ASSERT_TRUE(std::holds_alternative<input_error>(after));
    EXPECT_EQ(std::get<input_error>(after).describe(), "field 'd': is after the last date the rules apply (2025-12-31)");
}

TEST(PackPeriodTest, TheBatchReportsTheSameRowsOutsideThePeriod) {
    const auto p = testing::plan_from(std::string(dated) + "valid from 2025-06-01 to 2025-12-31\n"
                                      "define y = x + 1\noutput y\n");
    ASSERT_NE(p, nullptr);
    std::vector<profile> rows;
    for (const char* date : {"2025-05-31", "2025-06-01", "2025-12-31", "2026-01-01"}) {
        profile in(*p);
        in.set(*p->input_index("d"), *parse_date(date));
        in.set(*p->input_index("x"), 1);
        rows.push_back(in);
    }
    const auto batch = testing::evaluate_as_batch(*p, rows);
    EXPECT_FALSE(batch[0].has_value());
    EXPECT_TRUE(batch[1].has_value());
    EXPECT_TRUE(batch[2].has_value());
    EXPECT_FALSE(batch[3].has_value());
}

TEST(PackPeriodTest, ADateParameterNotYetStartedComparesWithoutAnError) {
    // The cross-authority start date: before it, the rule is simply false.
    const auto p = testing::plan_from(std::string(dated) + "valid from 2024-01-01\n"
                                      "param start : date local = 2025-01-01\n"
                                      "define startet = d >= start\noutput startet\n");
    ASSERT_NE(p, nullptr);
    profile in(*p);
    in.set(*p->input_index("d"), *parse_date("2024-12-31"));
    const decision d = testing::evaluate_ok(*p, in);
    EXPECT_EQ(d.value("startet"), testing::point(0));
}

TEST(PackPeriodTest, ADeclaredPeriodReplacesTheFirstDateOfTheDatedVersions) {
    const auto p = testing::plan_from(std::string(dated) + "valid from 2025-06-01\n"
                                      "param t : integer from 2025-01-01 = 1 from 2025-09-01 = 2\n"
                                      "define y = x + t\noutput y\n");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(format_date(p->valid_from()), "2025-06-01");
}

TEST(PackPeriodTest, ADatedParameterMustHaveAValueFromTheFirstDayOfThePeriod) {
    const check_result r = check_sources({{"p.trappe", std::string(dated) + "valid from 2025-01-01\n"
                                                         "param t : integer from 2025-06-01 = 1\n"
                                                         "define y = x + t\noutput y\n"}});
    EXPECT_NE(r.report().find("parameter 't' has no value before 2025-06-01, but the pack is valid from 2025-01-01"),
              std::string::npos)
        << r.report();
}

TEST(PackPeriodTest, AnEmptyOrSecondPeriodIsAnError) {
    const check_result empty = check_sources(
        {{"p.trappe", std::string(dated) + "valid from 2025-06-01 to 2025-01-01\ndefine y = x\noutput y\n"}});
    EXPECT_NE(empty.report().find("the period is empty"), std::string::npos) << empty.report();
    const check_result twice = check_sources(
        {{"p.trappe", std::string(dated) + "valid from 2025-01-01\nvalid from 2025-06-01\ndefine y = x\noutput y\n"}});
    EXPECT_NE(twice.report().find("the pack already has a period"), std::string::npos) << twice.report();
    const check_result no_as_of =
        check_sources({{"p.trappe", "input x : integer\nvalid from 2025-01-01\ndefine y = x\noutput y\n"}});
    EXPECT_NE(no_as_of.report().find("p.trappe:2:1: error: a period needs an 'as_of' input"), std::string::npos)
        << no_as_of.report();
}

TEST(PackPeriodTest, ToIsStillAName) {
    const check_result r = check_sources({{"p.trappe", "input to : integer\ndefine y = to + 1\noutput y\n"}});
    EXPECT_TRUE(r.ok()) << r.report();
}

}  // namespace
}  // namespace trappe
