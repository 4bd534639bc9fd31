// The worked examples of ../shared/policy/roskilde-2025.md, section 8.

#include "test_support.hpp"

namespace trappe {
namespace {

using testing::point;
using testing::value_of;

class WorkedExamplesTest : public ::testing::Test {
protected:
    void SetUp() override {
        plan_ = testing::roskilde();
        ASSERT_NE(plan_, nullptr);
        examples_ = testing::worked_examples(*plan_);
        ASSERT_EQ(examples_.size(), 5u);
    }

    decision run(char example) { return testing::evaluate_ok(*plan_, examples_[static_cast<std::size_t>(example - 'A')]); }
    value_range get(const decision& d, const char* name) { return *d.value(name); }
    std::int64_t sb(const char* v) { return value_of(*plan_, "stoettebehov", v); }
    std::vector<std::string> depends(const decision& d, const char* name) {
        std::vector<std::string> out;
        for (symbol_id s : d.depends_on(*plan_->rules().find(name))) out.push_back(plan_->rules().symbols[s].name);
        return out;
    }
    std::size_t offer_index(const std::string& name) {
        const auto& offers = plan_->rules().offers;
        for (std::size_t i = 0; i < offers.size(); ++i)
            if (offers[i].name == name) return i;
        ADD_FAILURE() << "no offer " << name;
        return 0;
    }
    value_range offer(const decision& d, const std::string& name) { return d.offers()[offer_index(name)].eligible; }

    std::shared_ptr<const plan> plan_;
    std::vector<profile> examples_;
};

TEST_F(WorkedExamplesTest, ExampleAIsHoejtAtStep3WithSection104Listed) {
    const decision d = run('A');
    EXPECT_EQ(get(d, "hoejeste"), point(3));
    EXPECT_EQ(get(d, "stoettebehov"), point(sb("hoejt")));
    EXPECT_EQ(get(d, "sel_85"), point(1));
    EXPECT_EQ(get(d, "sel_104"), point(1));
    EXPECT_EQ(get(d, "sel_107"), point(0));
    EXPECT_EQ(get(d, "sel_103"), point(0));
    EXPECT_EQ(get(d, "hjem"), point(1));
    EXPECT_EQ(get(d, "trin"), point(3));
    EXPECT_EQ(offer(d, "socialpaedagogisk_stoette"), point(1));
    EXPECT_EQ(offer(d, "aktivitets_og_samvaerstilbud"), point(1));
    EXPECT_EQ(render_template(d, plan_->rules().offers[offer_index("socialpaedagogisk_stoette")].scope), "3–8 timer om ugen");
    EXPECT_TRUE(d.determined());
}

TEST_F(WorkedExamplesTest, ExampleBIsDeterminedThoughRelationerIsUnassessed) {
    const decision d = run('B');
    EXPECT_EQ(get(d, "stoettebehov"), point(sb("hoejt")));
    EXPECT_EQ(get(d, "trin"), point(3));
    EXPECT_TRUE(d.determined());
}

TEST_F(WorkedExamplesTest, ExampleCFailsSection97OnAgeAndLacksHomeNeed) {
    const decision d = run('C');
    EXPECT_EQ(get(d, "alder"), point(67));
    EXPECT_EQ(get(d, "under_folkepensionsalder"), point(0));
    EXPECT_EQ(get(d, "stoettebehov"), point(sb("hoejt")));
    EXPECT_EQ(get(d, "sel_97"), point(0));
    // Every other condition of § 97 holds: it fails only on age.
    EXPECT_EQ(get(d, "voksen"), point(1));
    EXPECT_EQ(get(d, "betydelig_nedsat_funktionsevne"), point(1));
    EXPECT_EQ(get(d, "sel_85"), point(1));
    EXPECT_EQ(get(d, "hjem"), point(0));
    EXPECT_EQ(get(d, "sel_104"), point(0));
    EXPECT_EQ(get(d, "dag"), point(0));
    EXPECT_EQ(get(d, "trin"), point(1));
}

TEST_F(WorkedExamplesTest, ExampleDIsStep5DeterminedWithOtherOffersUndetermined) {
    const decision d = run('D');
    EXPECT_EQ(get(d, "stoettebehov"), point(sb("fuldstaendigt")));
    EXPECT_EQ(get(d, "sel_108"), point(1));
    EXPECT_EQ(get(d, "trin"), point(5));
    for (const char* name : {"sel_97", "sel_99", "sel_103", "sel_104"}) EXPECT_EQ(get(d, name), (value_range{0, 1})) << name;
    EXPECT_EQ(depends(d, "sel_97"), (std::vector<std::string>{"kan_faerdes_alene"}));
    EXPECT_TRUE(depends(d, "trin").empty());
}

TEST_F(WorkedExamplesTest, ExampleEIsStep0To2DependingOnRelationerAlone) {
    const decision d = run('E');
    EXPECT_EQ(get(d, "stoettebehov"), (value_range{sb("intet"), sb("hoejt")}));
    EXPECT_EQ(get(d, "trin"), (value_range{0, 2}));
    EXPECT_EQ(depends(d, "trin"), (std::vector<std::string>{"relationer"}));
    EXPECT_EQ(depends(d, "stoettebehov"), (std::vector<std::string>{"relationer"}));
    EXPECT_FALSE(d.determined());
}

TEST_F(WorkedExamplesTest, ExampleEWithRelationerThreeIsStep2) {
    profile e = examples_[4];
    e.set(*plan_->input_index("relationer"), 3);
    const decision d = testing::evaluate_ok(*plan_, e);
    EXPECT_EQ(get(d, "stoettebehov"), point(sb("hoejt")));
    EXPECT_EQ(get(d, "sel_107"), point(0));
    EXPECT_EQ(get(d, "hjem"), point(0));
    EXPECT_EQ(get(d, "sel_104"), point(1));
    EXPECT_EQ(get(d, "trin"), point(2));
}

TEST_F(WorkedExamplesTest, JsonCarriesThePackNameHashAndEveryOutput) {
    const decision d = run('A');
    const std::string json = to_json(d, 1);
    EXPECT_NE(json.find("\"pack\":\"roskilde-2025\""), std::string::npos);
    EXPECT_NE(json.find("\"hash\":\"sha256:"), std::string::npos);
    EXPECT_NE(json.find(std::string("\"trappe\":\"") + version_string + "\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"trin\":3"), std::string::npos);
    EXPECT_NE(json.find("\"stoettebehov\":\"hoejt\""), std::string::npos);
    for (symbol_id s : plan_->rules().outputs)
        EXPECT_NE(json.find("\"" + plan_->rules().symbols[s].name + "\":"), std::string::npos);
}

TEST_F(WorkedExamplesTest, TextNamesWhatAnUndeterminedResultDependsOn) {
    const std::string text = to_text(run('E'));
    EXPECT_NE(text.find("stoettebehov: intet, let, moderat eller højt (afhænger af: relationer)"), std::string::npos) << text;
}

}  // namespace
}  // namespace trappe
