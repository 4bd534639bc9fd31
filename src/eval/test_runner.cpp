#include "trappe/eval/test_runner.hpp"

#include "trappe/eval/evaluator.hpp"
#include "trappe/eval/format.hpp"

namespace trappe {
namespace {

// The plan a test runs with: `p` itself, or `p` with the test's parameter values
// (beside p's own overrides). The program is shared, kept alive through `p`.
std::shared_ptr<const plan> plan_for(const plan& p, const test_case& t) {
    if (t.parameters.empty()) return p.shared_from_this();
    parameter_overrides overrides = p.overrides();
    for (const parameter_value& v : t.parameters) overrides[p.rules().symbols[v.parameter].name] = v.value;
    return compile(std::shared_ptr<const program>(p.shared_from_this(), &p.rules()), overrides);
}

profile profile_for(const plan& p, const test_case& t) {
    const program& rules = p.rules();
    profile in(p);
    for (const field_value& f : t.given) {
        const std::size_t index = *p.input_index(rules.symbols[f.input].name);
        if (!f.value) in.set_unassessed(index);
        else if (rules.type_of(f.input).kind == type_kind::string) in.set_text(index, f.text);
        else in.set(index, *f.value);
    }
    return in;
}

// `expect error on field`: passes when the profile is an input error naming the field.
void compare_error(const program& rules, const test_case& t, const evaluation& result, test_outcome& out) {
    const std::string& field = rules.symbols[*t.expect_error].name;
    const std::string expected = "an input error on '" + field + "'";
    if (const auto* error = std::get_if<input_error>(&result)) {
        if (error->field != field) out.failures.push_back({"input error", expected, error->describe()});
    } else {
        out.failures.push_back({"input error", expected, "no input error; the profile was evaluated"});
    }
}

void compare_values(const program& rules, const test_case& t, const evaluation& result, test_outcome& out) {
    if (const auto* error = std::get_if<input_error>(&result)) {
        out.error = error->describe();
        return;
    }
    const decision& d = std::get<decision>(result);
    for (const expectation& e : t.expect) {
        const value_range actual = d.value(e.symbol);
        const value_range expected{e.lo, e.hi, e.mask};
        if (actual == expected) continue;
        out.failures.push_back({rules.symbols[e.symbol].name, format_value(rules, e.symbol, expected, &d),
                                format_value(rules, e.symbol, actual, &d)});
    }
}

}  // namespace

std::vector<test_outcome> run_tests(const plan& p) {
    const program& rules = p.rules();
    std::vector<test_outcome> outcomes;
    for (const test_case& t : rules.tests) {
        test_outcome out{t.title, t.where, {}, {}};
        std::shared_ptr<const plan> with_parameters;
        try {
            with_parameters = plan_for(p, t);
        } catch (const misuse_error& e) {  // a value the checker let through but compile() refuses
            out.error = e.what();
            outcomes.push_back(std::move(out));
            continue;
        }
        const evaluation result = evaluate(*with_parameters, profile_for(*with_parameters, t));
        if (t.expect_error) compare_error(rules, t, result, out);
        else compare_values(rules, t, result, out);
        outcomes.push_back(std::move(out));
    }
    return outcomes;
}

std::string report(const std::vector<test_outcome>& outcomes, const source_manager& sources) {
    std::string out;
    std::size_t passed = 0;
    for (const test_outcome& t : outcomes) {
        const std::string where = sources.path(t.where.file) + ":" + std::to_string(t.where.line);
        if (t.passed()) {
            ++passed;
            out += "PASS  " + t.title + "\n";
            continue;
        }
        out += "FAIL  " + t.title + "  (" + where + ")\n";
        if (!t.error.empty()) out += "      cannot evaluate: " + t.error + "\n";
        for (const test_failure& f : t.failures)
            out += "      " + f.name + ":\n        - expected: " + f.expected + "\n        + actual:   " + f.actual + "\n";
    }
    out += std::to_string(passed) + " passed, " + std::to_string(outcomes.size() - passed) + " failed\n";
    return out;
}

}  // namespace trappe
