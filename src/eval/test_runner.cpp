#include "trappe/eval/test_runner.hpp"

#include "trappe/eval/evaluator.hpp"
#include "trappe/eval/format.hpp"

namespace trappe {

std::vector<test_outcome> run_tests(const plan& p) {
    const program& rules = p.rules();
    std::vector<test_outcome> outcomes;
    for (const test_case& t : rules.tests) {
        test_outcome out{t.title, t.where, {}, {}};
        profile in(p);
        for (const field_value& f : t.given) {
            const std::size_t index = *p.input_index(rules.symbols[f.input].name);
            if (!f.value) in.set_unassessed(index);
            else if (rules.type_of(f.input).kind == type_kind::string) in.set_text(index, f.text);
            else in.set(index, *f.value);
        }
        const evaluation result = evaluate(p, in);
        if (const auto* error = std::get_if<input_error>(&result)) {
            out.error = error->describe();
        } else {
            const decision& d = std::get<decision>(result);
            for (const expectation& e : t.expect) {
                const value_range actual = d.value(e.symbol);
                const value_range expected{e.lo, e.hi};
                if (actual == expected) continue;
                out.failures.push_back({rules.symbols[e.symbol].name, format_value(rules, e.symbol, expected, &d),
                                        format_value(rules, e.symbol, actual, &d)});
            }
        }
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
