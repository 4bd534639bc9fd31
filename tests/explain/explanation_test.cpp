#include <cctype>
#include <cstdlib>

#include <boost/json.hpp>

#include "common/utf8.hpp"
#include "eval/json_value.hpp"
#include "explain/describe.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

explanation explain_ok(const plan& p, const profile& in, explain_options options = {}) {
    auto result = explain(p, in, options);
    if (auto* e = std::get_if<input_error>(&result)) ADD_FAILURE() << e->describe();
    return std::get<explanation>(std::move(result));
}

const why_not_entry* find_why_not(const explanation& e, const std::string& subject) {
    for (const why_not_entry& w : e.why_not)
        if (w.subject == subject) return &w;
    return nullptr;
}

const trace_entry* find_trace(const explanation& e, const std::string& name) {
    for (const trace_entry& t : e.trace)
        if (e.rules().symbols[t.symbol].name == name) return &t;
    return nullptr;
}

class ExplanationTest : public ::testing::Test {
protected:
    void SetUp() override {
        plan_ = testing::roskilde();
        examples_ = testing::worked_examples(*plan_);
    }
    std::int64_t step_after(const profile& base, const std::vector<input_change>& changes) {
        profile changed = base;
        for (const input_change& c : changes) changed.set(*plan_->input_index(plan_->rules().symbols[c.input].name), c.to);
        return testing::evaluate_ok(*plan_, changed).value("trin")->lo;
    }
    std::shared_ptr<const plan> plan_;
    std::vector<profile> examples_;
};

// The pack's content hash changes with every rule edit and the engine's version with
// every release; golden files hold placeholders.
std::string without_hash(std::string text) {
    for (std::size_t at = text.find("sha256:"); at != std::string::npos; at = text.find("sha256:", at + 1))
        text.replace(at + 7, 64, "<hash>");
    const std::string version = std::string("\"trappe\":\"") + version_string + "\"";
    for (std::size_t at = text.find(version); at != std::string::npos; at = text.find(version, at + 1))
        text.replace(at, version.size(), "\"trappe\":\"<version>\"");
    return text;
}

// Golden files for the text and JSON explanations of the worked examples A-D.
// Set TRAPPE_UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
TEST_F(ExplanationTest, WorkedExamplesMatchGoldenFiles) {
    const char* names[] = {"A", "B", "C", "D"};
    for (std::size_t i = 0; i < 4; ++i) {
        const explanation e = explain_ok(*plan_, examples_[i]);
        const std::string base = std::string("tests/golden/explanations/example_") + names[i];
        const std::pair<std::string, std::string> files[] = {{base + ".txt", without_hash(to_text(e))},
                                                             {base + ".json", without_hash(to_json(e)) + "\n"}};
        for (const auto& [path, actual] : files) {
            if (std::getenv("TRAPPE_UPDATE_GOLDEN") != nullptr) std::ofstream(path, std::ios::binary) << actual;
            EXPECT_EQ(actual, testing::read_file(path)) << path;
        }
    }
}

TEST_F(ExplanationTest, ExampleCFailsSection97OnlyOnAge) {
    const explanation e = explain_ok(*plan_, examples_[2]);
    const why_not_entry* w = find_why_not(e, "Ledsagelse");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->citation, "Serviceloven § 97, stk. 1");
    ASSERT_EQ(w->failed.size(), 1u);
    EXPECT_EQ(w->failed[0].text,
              "folkepensionsalderen blev nået 2025-03-02: dato for vurderingen er 2025-09-01, men skal være før "
              "folkepensionsdatoen (2025-03-02)");
}

TEST_F(ExplanationTest, ExampleCHasSection85ButNoNeedAtHome) {
    const explanation e = explain_ok(*plan_, examples_[2]);
    EXPECT_EQ(find_why_not(e, "Socialpædagogisk støtte i eget hjem eller bofællesskab"), nullptr);  // granted
    const why_not_entry* step3 = find_why_not(e, "trin 3 (støtte i eget hjem)");
    ASSERT_NE(step3, nullptr);
    EXPECT_TRUE(step3->is_step);
    ASSERT_EQ(step3->failed.size(), 1u);
    EXPECT_EQ(step3->failed[0].text.rfind("støtte i eget hjem kræver socialpædagogisk bistand efter § 85 og et behov inden for "
                                          "praktiske opgaver, egenomsorg eller samfundsliv (selv om betingelserne for "
                                          "socialpædagogisk bistand er opfyldt): ",
                                          0),
              0u)
        << step3->failed[0].text;
}

TEST_F(ExplanationTest, TraceNamesTheRuleTheCitationAndLocalParameters) {
    const explanation e = explain_ok(*plan_, examples_[0]);
    const trace_entry* s = find_trace(e, "stoettebehov_beregnet");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->decided_by, "S3");
    EXPECT_EQ(s->citation, "Roskilde Kommunes kvalitetsstandard, vurdering af støttebehov");
    EXPECT_EQ(s->sentence, "beregnet støttebehov højt (højeste niveau 3 (svært nedsat funktionsevne))");
    const trace_entry* t = find_trace(e, "taerskel_85");
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(t->local);
    EXPECT_EQ(t->decided_by, "gælder fra 2025-06-01");
    const trace_entry* hours = find_trace(e, "timer_85_min");
    ASSERT_NE(hours, nullptr);
    EXPECT_EQ(hours->decided_by, "timer_85_fra: højt");
}

TEST_F(ExplanationTest, UnknownConditionsAreShownAsSuch) {
    const explanation e = explain_ok(*plan_, examples_[3]);  // D
    const why_not_entry* w = find_why_not(e, "Ledsagelse");
    ASSERT_NE(w, nullptr);
    ASSERT_EQ(w->failed.size(), 1u);
    EXPECT_TRUE(w->failed[0].unknown);
    // It names the item by its label and the value that would decide it.
    EXPECT_NE(w->failed[0].text.find("afhænger af kan færdes alene uden for hjemmet, som ikke er vurderet"), std::string::npos)
        << w->failed[0].text;
    EXPECT_NE(w->failed[0].text.find("betingelsen er opfyldt, hvis kan færdes alene uden for hjemmet vurderes til nej"),
              std::string::npos)
        << w->failed[0].text;
    EXPECT_EQ(w->failed[0].text.find("kan_faerdes_alene"), std::string::npos) << w->failed[0].text;
}

TEST_F(ExplanationTest, CounterfactualForExampleAIsVerifiedByReevaluation) {
    explain_options options;
    options.counterfactual = true;
    const explanation e = explain_ok(*plan_, examples_[0], options);
    ASSERT_TRUE(e.step_up && e.step_up->found) << (e.step_up ? e.step_up->note : "");
    EXPECT_EQ(e.step_up->new_step, 4);
    EXPECT_EQ(e.step_up->changes.size(), 1u);
    EXPECT_EQ(step_after(examples_[0], e.step_up->changes), 4);
    EXPECT_FALSE(e.step_up->trace.empty());
    ASSERT_TRUE(e.step_down && e.step_down->found);
    EXPECT_LT(e.step_down->new_step, 3);  // any lower step; the smallest change may skip one
    EXPECT_EQ(step_after(examples_[0], e.step_down->changes), e.step_down->new_step);
}

TEST_F(ExplanationTest, CounterfactualIsMinimal) {
    // No single input change moves example A up, unless the search found one: check it against
    // every single change, and that nothing cheaper with the same number of changes exists.
    explain_options options;
    options.counterfactual = true;
    const explanation e = explain_ok(*plan_, examples_[0], options);
    ASSERT_TRUE(e.step_up && e.step_up->found);
    std::int64_t found_cost = 0;
    for (const input_change& c : e.step_up->changes) found_cost += std::abs(c.to - c.from);
    for (std::size_t i = 0; i < plan_->inputs().size(); ++i) {
        const symbol& s = plan_->rules().symbols[plan_->inputs()[i]];
        const type_info& t = plan_->rules().types[s.type];
        if (s.required || t.kind == type_kind::string || !examples_[0].assessed[i]) continue;
        for (std::int64_t v = t.lo; v <= t.hi; ++v) {
            if (v == examples_[0].values[i] || std::abs(v - examples_[0].values[i]) >= found_cost) continue;
            EXPECT_NE(step_after(examples_[0], {{plan_->inputs()[i], examples_[0].values[i], v}}), 4)
                << "a cheaper change exists: " << s.name << " = " << v;
        }
    }
}

TEST_F(ExplanationTest, NoStepAboveTheTopStep) {
    profile top = examples_[0];
    top.set(*plan_->input_index("egenomsorg"), 4);
    top.set(*plan_->input_index("varig_funktionsnedsaettelse"), 1);
    explain_options options;
    options.counterfactual = true;
    const explanation e = explain_ok(*plan_, top, options);
    ASSERT_EQ(e.evaluated.result.value("trin")->lo, 5);
    ASSERT_TRUE(e.step_up.has_value());
    EXPECT_FALSE(e.step_up->found);
    EXPECT_EQ(e.step_up->note, "der er intet trin over det anbefalede");
    ASSERT_TRUE(e.step_down && e.step_down->found);
    EXPECT_EQ(step_after(top, e.step_down->changes), 4);
}

TEST_F(ExplanationTest, ARefusalNeverShowsThePositiveSentence) {
    const program& rules = plan_->rules();
    int refusals = 0;
    for (const profile& example : examples_) {
        const explanation e = explain_ok(*plan_, example);
        for (const trace_entry& t : e.trace) {
            const symbol& s = rules.symbols[t.symbol];
            if (rules.types[s.type].kind != type_kind::boolean || s.because.empty()) continue;
            if (t.value == value_range{0, 0}) {
                ++refusals;
                EXPECT_EQ(t.sentence, s.because_not.empty() ? "" : render_template(e.evaluated.result, s.because_not)) << s.name;
                EXPECT_NE(t.sentence, render_template(e.evaluated.result, s.because)) << s.name;
            } else if (!t.value.determined()) {
                EXPECT_EQ(t.sentence, "") << s.name;
            }
        }
    }
    EXPECT_GT(refusals, 5);
    // Example B has højt støttebehov: § 82 b is refused and says why, not "højt støttebehov og i målgruppen".
    const explanation b = explain_ok(*plan_, examples_[1]);
    const trace_entry* t = find_trace(b, "sel_82b");
    ASSERT_NE(t, nullptr);
    ASSERT_EQ(t->value, (value_range{0, 0}));
    EXPECT_EQ(t->sentence.find("i målgruppen for en tidlig"), std::string::npos) << t->sentence;
    EXPECT_NE(t->sentence.find("let eller moderat støttebehov"), std::string::npos) << t->sentence;
}

// Every citizen-facing sentence of worked examples (why-not, the draft letter, the rule
// authors' sentences, the counterfactual and proposed assessments) is free of
// identifiers: no symbol name with '_', no name that differs from its label, and no
// value name that differs from its label ("hoejt" for "højt"). `names` names the
// examples in failure messages, one letter each.
void expect_no_identifiers_in_citizen_sentences(const plan& p, const std::vector<profile>& examples,
                                                const std::string& names) {
    const program& rules = p.rules();
    const auto is_word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    const auto contains_word = [&](const std::string& text, const std::string& word) {
        for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
            const bool starts = at == 0 || !is_word_char(text[at - 1]);
            const bool ends = at + word.size() == text.size() || !is_word_char(text[at + word.size()]);
            if (starts && ends) return true;
        }
        return false;
    };
    const auto lower = [](std::string text) {
        for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    };
    // A name is an identifier unless it is itself a word of its label ("misbrug" in "Misbrug af
    // alkohol eller stoffer", "moderat" in "moderat nedsat funktionsevne").
    const auto identifier = [&](const std::string& name, const std::string& label) {
        return name.find('_') != std::string::npos || (!label.empty() && !contains_word(lower(label), name));
    };
    std::vector<std::string> identifiers;
    for (const symbol& s : rules.symbols)
        if (identifier(s.name, s.description)) identifiers.push_back(s.name);
    for (const type_info& t : rules.types)
        for (std::size_t v = 0; v < t.value_names.size() && v < t.value_labels.size(); ++v)
            if (identifier(t.value_names[v], t.value_labels[v])) identifiers.push_back(t.value_names[v]);
    ASSERT_EQ(examples.size(), names.size());
    explain_options options;
    options.counterfactual = true;
    std::size_t sentences = 0;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const explanation e = explain_ok(p, examples[i], options);
        std::vector<std::string> texts = e.justification;
        for (const why_not_entry& w : e.why_not)
            for (const failed_condition& f : w.failed) texts.push_back(f.text);
        for (const trace_entry& t : e.trace) texts.push_back(t.sentence);
        for (const assessment_proposal& a : e.assessments) texts.push_back(detail::describe_proposal(rules, a));
        const std::string text = to_text(e);
        if (const auto at = text.find("Hvad ville ændre anbefalingen:"); at != std::string::npos)
            texts.push_back(text.substr(at));
        for (const std::string& sentence : texts) {
            ++sentences;
            for (const std::string& id : identifiers)
                EXPECT_FALSE(contains_word(sentence, id)) << "example " << names[i] << ": '" << id << "' in: " << sentence;
        }
    }
    EXPECT_GT(sentences, 10 * examples.size());
    EXPECT_GT(identifiers.size(), 10u);
}

TEST_F(ExplanationTest, CitizenFacingSentencesOfTheWorkedExamplesHaveNoIdentifiers) {
    expect_no_identifiers_in_citizen_sentences(*plan_, {examples_.begin(), examples_.begin() + 4}, "ABCD");
}

TEST(CrossAuthorityExplanationTest, CitizenFacingSentencesOfTheWorkedExamplesHaveNoIdentifiers) {
    const auto plan = testing::tvaergaende();
    expect_no_identifiers_in_citizen_sentences(
        *plan, testing::worked_examples(*plan, "examples/profiles/tvaergaende-2025.jsonl"), "FGHIJK");
}

TEST_F(ExplanationTest, DraftLetterListsUndeterminedOffersAsAwaitingAssessment) {
    const explanation d = explain_ok(*plan_, examples_[3]);  // example D leaves § 97's kan_faerdes_alene open
    bool found = false;
    for (const std::string& paragraph : d.justification)
        if (paragraph == "Afgørelsen om Ledsagelse efter Serviceloven § 97, stk. 1 afventer vurdering af kan færdes alene uden for hjemmet.")
            found = true;
    EXPECT_TRUE(found) << to_text(d);
}

TEST(ExplanationCitationTest, ACriterionWithoutCitesNeverReadsEfterDot) {
    const auto p = testing::plan_from(
        "input x : integer\n"
        "criterion k \"Kørsel\" when x > 1\n  because \"x er over 1\"\n  because not \"x er højst 1\"\n"
        "offer koersel \"Kørsel\" under k step 1 scope \"efter behov\"\n"
        "define trin = if k then 1 else 0\n"
        "recommend trin\n"
        "justification {\n"
        "  granted \"Du er berettiget til {tilbud} efter {paragraf}. Omfang: {omfang}.\"\n"
        "  refused \"Du er ikke berettiget til {tilbud} efter {paragraf}, fordi {betingelser}.\"\n"
        "  no_appeal \"Afgørelsen om {tilbud} efter {paragraf} kan ikke påklages.\"\n"
        "}\n");
    ASSERT_NE(p, nullptr);
    for (const std::int64_t x : {0, 5}) {
        profile in(*p);
        in.set(*p->input_index("x"), x);
        const explanation e = std::get<explanation>(explain(*p, in));
        ASSERT_FALSE(e.justification.empty());
        for (const std::string& paragraph : e.justification) {
            EXPECT_EQ(paragraph.find("efter ."), std::string::npos) << paragraph;
            EXPECT_EQ(paragraph.find("efter ,"), std::string::npos) << paragraph;
            EXPECT_EQ(paragraph.find("efter  "), std::string::npos) << paragraph;
        }
        EXPECT_EQ(e.justification[0], x == 5 ? "Du er berettiget til Kørsel. Omfang: efter behov."
                                             : "Du er ikke berettiget til Kørsel, fordi x er vurderet til 0, men skal være over 1.")
            << e.justification[0];
    }
}

TEST_F(ExplanationTest, JustificationStatesNeedOffersAndComplaintRoute) {
    const explanation e = explain_ok(*plan_, examples_[0]);
    std::string text;
    for (const std::string& p : e.justification) text += p + "\n";
    EXPECT_NE(text.find("Vi har vurderet dit støttebehov som højt"), std::string::npos) << text;
    EXPECT_NE(text.find("(S3)"), std::string::npos) << text;
    EXPECT_NE(text.find("Du er berettiget til Socialpædagogisk støtte i eget hjem eller bofællesskab efter Serviceloven "
                        "§ 85, stk. 1. Omfang: 3–8 timer om ugen"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("senest 4 uger"), std::string::npos) << text;
    EXPECT_NE(text.find("Afgørelsen om Tidlig forebyggende indsats efter Serviceloven § 82 b kan ikke påklages"),
              std::string::npos)
        << text;
}

TEST(ExplanationHtmlTest, EscapesProfileValuesAndRuleTexts) {
    const auto plan = testing::plan_from(
        "input borger_id : string\ninput x : integer\n"
        "define y = x + 1\n  because \"<b>{y}</b> & <script>alert('r')</script>\"\n"
        "output borger_id, y\n");
    ASSERT_NE(plan, nullptr);
    profile in(*plan);
    in.set_text(*plan->input_index("borger_id"), "<script>alert('x')</script>");
    in.set(*plan->input_index("x"), 1);
    auto result = explain(*plan, in);
    ASSERT_TRUE(std::holds_alternative<explanation>(result));
    const std::string html = to_html(std::get<explanation>(result));
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("&lt;b&gt;2&lt;/b&gt; &amp; &lt;script&gt;"), std::string::npos);
    // Self-contained: nothing is fetched from elsewhere.
    EXPECT_EQ(html.find("http"), std::string::npos);
    EXPECT_EQ(html.find(" src="), std::string::npos);
}

// Text that is not UTF-8 (a Windows-1252 "Søren") never reaches a decision: explain()
// names the field. JSON output is written once, never re-parsed, and always valid UTF-8.
TEST(ExplanationJsonTest, ALatin1TextIsAnErrorNamingTheFieldAndJsonIsAlwaysValidUtf8) {
    const auto plan = testing::plan_from("input borger_id : string\ninput x : integer\ndefine y = x + 1\noutput borger_id, y\n");
    ASSERT_NE(plan, nullptr);
    profile in(*plan);
    in.set(*plan->input_index("x"), 1);
    in.set_text(*plan->input_index("borger_id"), "S\xF8ren");
    const auto refused = explain(*plan, in);
    ASSERT_TRUE(std::holds_alternative<input_error>(refused));
    EXPECT_EQ(std::get<input_error>(refused).describe(), "field 'borger_id': is not valid UTF-8 text");

    in.set_text(*plan->input_index("borger_id"), "S\xC3\xB8ren \"\\\n");
    const auto explained = explain(*plan, in);
    ASSERT_TRUE(std::holds_alternative<explanation>(explained));
    const std::string json = to_json(std::get<explanation>(explained));
    EXPECT_NE(json.find("\"borger_id\":\"S\xC3\xB8ren \\\"\\\\\\n\""), std::string::npos) << json;

    // The writer keeps its promise even on bytes no validated input holds.
    const std::string repaired = detail::write_json(boost::json::value("S\xF8ren"));
    EXPECT_EQ(repaired, "\"S\xEF\xBF\xBDren\"");
    EXPECT_FALSE(detail::first_invalid_utf8(repaired).has_value());
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

// A match may put `otherwise` before another arm: the explanation must follow the
// arm the evaluator took (the value's own arm), not the first arm that could fit.
constexpr const char* otherwise_first = R"(
type sb = enum { intet, let, moderat, hoejt }
type trin = level 0..3 { ingen, lidt, noget, meget }
input s : sb "Støttebehov"
input hjem : bool "Behov i hjemmet"
define trin : trin = match s {
  otherwise -> ingen
  hoejt     -> if hjem then meget else noget
}
recommend trin
output trin
)";

TEST(ExplanationArmTest, MatchWithOtherwiseBeforeAnotherArmFollowsTheArmTaken) {
    const auto plan = testing::plan_from(otherwise_first);
    ASSERT_NE(plan, nullptr);
    profile in(*plan);
    in.set(*plan->input_index("s"), 3);     // hoejt: the second arm
    in.set(*plan->input_index("hjem"), 0);  // so trin = noget, kept from meget by hjem
    const decision d = testing::evaluate_ok(*plan, in);
    ASSERT_EQ(*d.value("trin"), testing::point(2));
    explain_options options;
    options.why_not = true;
    const explanation e = explain_ok(*plan, in, options);
    // The step above, meget, is named with the condition that kept it away: that is
    // only found inside the hoejt arm, which the evaluator took.
    const why_not_entry* above = find_why_not(e, "trin 3 (meget)");
    ASSERT_NE(above, nullptr) << to_text(e);
    ASSERT_FALSE(above->failed.empty());
    EXPECT_NE(above->failed.front().text.find("hjem"), std::string::npos) << above->failed.front().text;

    // With s = let the otherwise arm is taken: nothing above ingen is explained as kept by hjem.
    in.set(*plan->input_index("s"), 1);
    const explanation low = explain_ok(*plan, in, options);
    EXPECT_EQ(find_why_not(low, "trin 3 (meget)"), nullptr) << to_text(low);
}

}  // namespace
}  // namespace trappe
