// trappe verify on a copy of the Roskilde pack with planted defects: each is
// found, and each counterexample, evaluated, really shows it.

#include <filesystem>
#include <fstream>
#include <random>

#include "eval/random_profiles.hpp"
#include "test_support.hpp"
#include "trappe/analysis/verify.hpp"

namespace trappe::testing {
namespace {

namespace fs = std::filesystem;
using analysis::finding;
using analysis::finding_kind;

// Replaces `from` by `to` in a rule file of the copy; the text must be there.
void plant(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = read_file(file.string());
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << file << " has no '" << from << "'";
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

class PlantedDefects : public ::testing::Test {
public:
    static void SetUpTestSuite() {
#if defined(TRAPPE_SANITIZED)
        return;  // explores the whole pack: too slow under sanitizers (the tests skip)
#endif
        const fs::path root = fs::temp_directory_path() / ("trappe-verify-" + std::to_string(::getpid()));
        fs::remove_all(root);
        fs::create_directories(root);
        fs::copy("rules/roskilde-2025", root / "roskilde-2025");
        fs::copy("rules/serviceloven", root / "serviceloven");
        fs::remove(root / "roskilde-2025" / "tests.trappe");  // its expectations are about the unchanged pack
        // 1. A `first` rule above S2 and S3 that holds wherever they do: both are shadowed.
        plant(root / "roskilde-2025" / "stoettebehov.trappe", "  S1: daglig = s1_daglig",
              "  S0: hoejeste >= 3                     -> hoejt\n  S1: daglig = s1_daglig");
        // 2. A match arm on a value its subject never takes.
        plant(root / "roskilde-2025" / "trappe.trappe", "recommend trin",
              "define groft : niveau = if hoejeste >= 3 then svaer else ingen\n"
              "define hyppig_opfoelgning = match groft {\n"
              "  ingen -> false\n"
              "  let -> false\n"
              "  otherwise -> true\n"
              "}\n"
              "output hyppig_opfoelgning\n\n"
              "recommend trin");
        // 3. A gap: let støttebehov recommends dagtilbud, which no offer gives with let støttebehov.
        plant(root / "roskilde-2025" / "trappe.trappe", "  let           -> aabne_tilbud", "  let           -> dagtilbud");
        // 4. An offer whose condition contradicts its criterion.
        plant(root / "roskilde-2025" / "tilbud.trappe", "  under sel_108\n",
              "  under sel_108\n  when not varig_funktionsnedsaettelse\n");
        const check_result checked = check_rules(root / "roskilde-2025");
        ASSERT_TRUE(checked.ok()) << checked.report();
        plan_ = compile(checked.checked);
        report_ = new analysis::verify_report(analysis::verify(plan_));
        fs::remove_all(root);
    }
    static void TearDownTestSuite() {
        delete report_;
        report_ = nullptr;
        plan_.reset();
    }

    static const finding* find(finding_kind kind, const std::string& subject) {
        for (const finding& f : report_->findings)
            if (f.kind == kind && f.subject == subject) return &f;
        return nullptr;
    }
    static std::string all_findings() {
        std::string out;
        for (const finding& f : report_->findings) out += std::string(analysis::to_string(f.kind)) + ": " + f.subject + ": " + f.message + "\n";
        return out;
    }
    // The expression of `first` rule `label` in the definition `name`.
    static const checked_expr& first_rule(const std::string& name, const std::string& label) {
        const program& rules = plan_->rules();
        const checked_expr& body = rules.symbols[*rules.find(name)].body;
        for (std::size_t i = 0; i < body.labels.size(); ++i)
            if (body.labels[i] == label) return body.args[2 * i];
        throw std::logic_error("no rule " + label);
    }

    static std::shared_ptr<const plan> plan_;
    static analysis::verify_report* report_;
};

std::shared_ptr<const plan> PlantedDefects::plan_;
analysis::verify_report* PlantedDefects::report_ = nullptr;

void shadowed_first_rule() {
    using F = PlantedDefects;
    for (const std::string rule : {"S2", "S3"}) {
        const finding* f = F::find(finding_kind::rule_shadowed, "stoettebehov_beregnet, rule " + rule);
        ASSERT_NE(f, nullptr) << F::all_findings();
        EXPECT_NE(f->message.find("rule S0"), std::string::npos) << f->message;
        ASSERT_TRUE(f->counterexample);
        // The counterexample: the rule holds, and S0 (earlier) holds too, so S0 fires.
        const traced_evaluation e = evaluate_traced(*F::plan_, *f->counterexample);
        const auto& d = std::get<traced_decision>(e);
        EXPECT_EQ(d.value_of(F::first_rule("stoettebehov_beregnet", rule)), point(1));
        EXPECT_EQ(d.value_of(F::first_rule("stoettebehov_beregnet", "S0")), point(1));
        EXPECT_EQ(d.result.value(*F::plan_->rules().find("stoettebehov_beregnet")), point(value_of(*F::plan_, "stoettebehov", "hoejt")));
    }
    // S2 holds somewhere, so it is reported as shadowed, not as never holding.
    EXPECT_EQ(F::find(finding_kind::rule_never_holds, "stoettebehov_beregnet, rule S2"), nullptr);
}

void unreachable_match_arm() {
    using F = PlantedDefects;
    const finding* f = F::find(finding_kind::rule_never_holds, "hyppig_opfoelgning, arm let");
    ASSERT_NE(f, nullptr) << F::all_findings();
    EXPECT_FALSE(f->counterexample);  // nothing happens that a profile could show
    EXPECT_EQ(F::find(finding_kind::rule_never_holds, "hyppig_opfoelgning, arm ingen"), nullptr);
    // groft is never let: checked on random profiles too.
    std::mt19937_64 rng(3);
    const std::int64_t let = value_of(*F::plan_, "groft", "let");
    for (int n = 0; n < 500; ++n) {
        const decision d = evaluate_ok(*F::plan_, random_roskilde_profile(*F::plan_, rng));
        EXPECT_NE(d.value(*F::plan_->rules().find("groft")), point(let));
    }
}

void step_without_offer() {
    using F = PlantedDefects;
    const finding* f = nullptr;
    for (const finding& g : F::report_->findings)
        if (g.kind == finding_kind::step_without_offer && g.message.find("= dagtilbud ") != std::string::npos) f = &g;
    ASSERT_NE(f, nullptr) << F::all_findings();
    ASSERT_TRUE(f->counterexample);
    const decision d = evaluate_ok(*F::plan_, *f->counterexample);
    const std::int64_t dagtilbud = value_of(*F::plan_, "trin", "dagtilbud");
    EXPECT_EQ(d.value(*F::plan_->rules().recommendation), point(dagtilbud));
    for (const offer_outcome& o : d.offers()) EXPECT_FALSE(o.eligible == point(1) && o.step == point(dagtilbud));
}

void offer_never_granted() {
    using F = PlantedDefects;
    const finding* f = F::find(finding_kind::offer_never_granted, "offer laengerevarende_botilbud");
    ASSERT_NE(f, nullptr) << F::all_findings();
    EXPECT_FALSE(f->counterexample);
    // Every other offer is granted somewhere.
    for (const finding& g : F::report_->findings)
        if (g.kind == finding_kind::offer_never_granted) { EXPECT_EQ(g.subject, "offer laengerevarende_botilbud"); }
    EXPECT_EQ(F::report_->incomplete, 0u);
}

// One exploration of the planted pack (seconds), then each defect: one test, so
// that ctest's one process per test does not explore it four times.
TEST_F(PlantedDefects, EachIsFoundWithACounterexampleThatShowsIt) {
    if (report_ == nullptr) GTEST_SKIP() << "explores the whole Roskilde pack: too slow under sanitizers";
    {
        SCOPED_TRACE("a shadowed first rule");
        shadowed_first_rule();
    }
    {
        SCOPED_TRACE("an unreachable match arm");
        unreachable_match_arm();
    }
    {
        SCOPED_TRACE("a recommended step without an offer");
        step_without_offer();
    }
    {
        SCOPED_TRACE("an offer never granted");
        offer_never_granted();
    }
}

// The shipped packs: the one known finding of roskilde-2025 is in docs/analysis.md.
TEST(VerifyShipped, TvaergaendeIsClean) {
    const auto plan = testing::tvaergaende();
    ASSERT_NE(plan, nullptr);
    const analysis::verify_report r = analysis::verify(plan);
    EXPECT_TRUE(r.findings.empty());
    EXPECT_GT(r.regions, 0u);
    EXPECT_EQ(r.incomplete, 0u);
}

// The small pack with the same four defects: fast, so sanitizer builds run it too.
TEST(VerifySmallPack, FindsEachPlantedDefect) {
    const check_result checked = check_rules("tests/analysis/packs/fejl");
    ASSERT_TRUE(checked.ok()) << checked.report();
    const auto p = compile(checked.checked);
    const analysis::verify_report r = analysis::verify(p);
    const program& rules = p->rules();
    std::vector<std::string> seen;
    for (const analysis::finding& f : r.findings) seen.push_back(std::string(analysis::to_string(f.kind)) + " " + f.subject);
    EXPECT_EQ(seen, (std::vector<std::string>{"step_without_offer recommendation anbefaling", "rule_shadowed grad, rule B2",
                                              "rule_never_holds omfang, arm svaer", "offer_never_granted offer bolig"}));
    ASSERT_EQ(r.findings.size(), 4u);
    EXPECT_EQ(r.incomplete, 0u);
    EXPECT_EQ(r.date_cases, 2u);  // child or adult
    EXPECT_EQ(r.date_case_conditions, (std::vector<std::string>{"voksen = ja", "voksen = nej"}));

    // The gap: bolig recommended, no granted offer on it.
    const decision gap = evaluate_ok(*p, *r.findings[0].counterexample);
    const std::int64_t bolig = value_of(*p, "anbefaling", "bolig");
    EXPECT_EQ(gap.value(*rules.recommendation), point(bolig));
    for (const offer_outcome& o : gap.offers()) EXPECT_FALSE(o.eligible == point(1) && o.step == point(bolig));
    // The shadowed rule: B2 holds, B1 holds too and decides.
    const traced_evaluation traced = evaluate_traced(*p, *r.findings[1].counterexample);
    const auto& d = std::get<traced_decision>(traced);
    const checked_expr& grad = rules.symbols[*rules.find("grad")].body;
    EXPECT_EQ(d.value_of(grad.args[2]), point(1));  // B2's condition
    EXPECT_EQ(d.value_of(grad.args[0]), point(1));  // B1's condition
    EXPECT_EQ(d.result.value(*rules.find("grad")), point(value_of(*p, "grad", "moderat")));
    // What never happens has no counterexample.
    EXPECT_FALSE(r.findings[2].counterexample);
    EXPECT_FALSE(r.findings[3].counterexample);
    EXPECT_EQ(r.findings[1].where.line, 22u);
}

}  // namespace
}  // namespace trappe::testing
