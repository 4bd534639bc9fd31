// `property` declarations: what the checker keeps in the program, and what it refuses.

#include "test_support.hpp"
#include "trappe/eval/evaluator.hpp"

namespace trappe {
namespace {

constexpr const char* pack = R"(type niveau = level 0..4
type sb = enum { intet, let, hoejt }
input a : niveau "a"
input b : niveau "b"
input c : bool "c"
define m = max(a, b)
define s : sb = if m >= 3 then hoejt else if m >= 1 then let else intet
define stor = m >= 3 and c
output s, stor
property "Mere behov giver aldrig mindre" monotone s in a, b, c
property stor
  implies s = hoejt   # a comment is not part of the text
)";

TEST(PropertyCheckTest, KeepsMonotoneAndImpliesInTheProgram) {
    const check_result r = check_sources({{"t.trappe", pack}});
    ASSERT_TRUE(r.ok()) << r.report();
    const program& prog = *r.checked;
    ASSERT_EQ(prog.properties.size(), 2U);

    const property& mono = prog.properties[0];
    EXPECT_EQ(mono.kind, property::kind_t::monotone);
    EXPECT_EQ(mono.label, "Mere behov giver aldrig mindre");
    EXPECT_EQ(mono.title(), mono.label);
    EXPECT_EQ(mono.text, "monotone s in a, b, c");
    EXPECT_EQ(prog.symbols[mono.result].name, "s");
    ASSERT_EQ(mono.inputs.size(), 3U);
    EXPECT_EQ(prog.symbols[mono.inputs[0]].name, "a");
    EXPECT_EQ(prog.symbols[mono.inputs[2]].name, "c");
    EXPECT_EQ(mono.where.line, 10U);

    const property& impl = prog.properties[1];
    EXPECT_EQ(impl.kind, property::kind_t::implies);
    EXPECT_EQ(impl.label, "");
    EXPECT_EQ(impl.text, "stor implies s = hoejt");
    EXPECT_EQ(impl.title(), impl.text);
    EXPECT_EQ(impl.premise.kind, op::symbol);
    EXPECT_EQ(impl.conclusion.kind, op::eq);
    EXPECT_EQ(impl.conclusion.type, builtin_type::boolean);
}

TEST(PropertyCheckTest, PlanGivesThePropertyExpressionsSlots) {
    const check_result r = check_sources({{"t.trappe", pack}});
    ASSERT_TRUE(r.ok()) << r.report();
    const auto plan = compile(r.checked);
    const property& impl = r.checked->properties[1];
    for (const auto& [a, c, premise, conclusion] :
         {std::tuple{4, true, 1, 1}, std::tuple{4, false, 0, 1}, std::tuple{1, true, 0, 0}}) {
        profile p(*plan);
        p.set(*plan->input_index("a"), a);
        p.set(*plan->input_index("b"), 0);
        p.set(*plan->input_index("c"), c ? 1 : 0);
        const traced_evaluation e = evaluate_traced(*plan, p);
        ASSERT_TRUE(std::holds_alternative<traced_decision>(e));
        const traced_decision& t = std::get<traced_decision>(e);
        EXPECT_EQ(t.value_of(impl.premise).lo, premise) << "a=" << a;
        EXPECT_EQ(t.value_of(impl.conclusion).lo, conclusion) << "a=" << a;
        EXPECT_EQ(t.value_of(impl.conclusion).hi, conclusion) << "a=" << a;
    }
}

TEST(PropertyCheckTest, ReportsEveryMistakeAtOnce) {
    const check_result r = check_sources({{"t.trappe", std::string(pack) +
                                                           "property monotone mm in a, d\n"
                                                           "property m implies stor\n"}});
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.diags.error_count(), 3U) << r.report();
    EXPECT_NE(r.report().find("did you mean 'm'?"), std::string::npos) << r.report();
    EXPECT_NE(r.report().find("the premise of 'implies' needs a bool, not niveau"), std::string::npos) << r.report();
}

}  // namespace
}  // namespace trappe
