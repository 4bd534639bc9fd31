// trappe._trappe.Decision: one evaluated profile, with its trace and explanations.

#include <pybind11/stl.h>

#include "handles.hpp"

namespace py = pybind11;

namespace trappe::python {

profile read_profile(const rules_handle& h, const py::dict& values) {
    const program& rules = *h.checked;
    const plan& p = *h.compiled;
    profile in(p);
    for (const auto& [key, _] : values) {
        const std::string name = py::str(key);
        if (!p.input_index(name) && !p.ignores_field(name)) throw py::key_error("unknown field '" + name + "'");
    }
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const symbol_id s = p.inputs()[i];
        const std::string& name = rules.symbols[s].name;
        if (!values.contains(name)) throw py::key_error("missing field '" + name + "' (use None for ikke vurderet)");
        const py::handle v = values[py::str(name)];
        if (rules.type_of(s).kind == type_kind::string) {
            if (!v.is_none()) in.set_text(i, py::str(v));
            continue;
        }
        if (const auto parsed = from_python(rules, s, v)) in.set(i, *parsed);
    }
    return in;
}

namespace {

std::shared_ptr<decision_handle> evaluate_profile(const rules_handle& h, const py::dict& values, const py::object& as_of) {
    const plan& p = *h.compiled;
    profile in = read_profile(h, values);
    std::optional<day_number> date;
    if (!as_of.is_none()) {
        date = parse_date(py::str(as_of).cast<std::string>());
        if (!date) throw py::value_error("as_of: expected a date as YYYY-MM-DD");
    }
    // The values were checked as they were read; this adds string fields, so the
    // dict path reports every input problem in the one wording of check_profile.
    if (const auto problem = check_profile(p, in)) throw py::value_error(problem->describe());
    traced_evaluation result = evaluate_traced(p, in, date);
    if (const auto* error = std::get_if<input_error>(&result)) throw py::value_error(error->describe());
    return std::make_shared<decision_handle>(decision_handle{h.compiled, std::get<traced_decision>(std::move(result))});
}

// The profile a decision was made from, rebuilt for explain() (which re-evaluates).
profile profile_of(const decision_handle& d) {
    const plan& p = *d.compiled;
    profile in(p);
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const symbol_id s = p.inputs()[i];
        const value_range v = d.traced.result.value(s);
        if (p.rules().type_of(s).kind == type_kind::string) in.set_text(i, d.traced.result.text(s));
        else if (v.determined()) in.set(i, v.lo);
    }
    return in;
}

explanation explain_decision(const decision_handle& d, bool why_not, bool counterfactual) {
    explain_options options;
    options.why_not = why_not;
    options.counterfactual = counterfactual;
    auto result = explain(*d.compiled, profile_of(d), options);
    return std::get<explanation>(std::move(result));
}

}  // namespace

void init_decision(py::module_& m) {
    py::class_<decision_handle, std::shared_ptr<decision_handle>>(m, "Decision")
        .def("value", [](const decision_handle& d, const std::string& name) {
            const auto s = d.traced.result.rules().find(name);
            if (!s) throw py::key_error(name);
            if (!d.traced.result.rules().is_reached(*s))
                throw py::key_error("'" + name + "' is not computed: no output of this pack uses it");
            return to_python(d.traced.result.rules(), *s, d.traced.result.value(*s), &d.traced.result);
        })
        .def("determined", [](const decision_handle& d, const std::string& name) {
            const auto s = d.traced.result.rules().find(name);
            if (!s) throw py::key_error(name);
            if (!d.traced.result.rules().is_reached(*s))
                throw py::key_error("'" + name + "' is not computed: no output of this pack uses it");
            return d.traced.result.value(*s).determined();
        })
        .def("depends_on", [](const decision_handle& d, const std::string& name) {
            const auto s = d.traced.result.rules().find(name);
            if (!s) throw py::key_error(name);
            if (!d.traced.result.rules().is_reached(*s))
                throw py::key_error("'" + name + "' is not computed: no output of this pack uses it");
            std::vector<std::string> out;
            for (symbol_id dep : d.traced.result.depends_on(*s)) out.push_back(d.traced.result.rules().symbols[dep].name);
            return out;
        })
        .def("possible", [](const decision_handle& d, const std::string& name) {
            const decision& r = d.traced.result;
            const auto s = r.rules().find(name);
            if (!s) throw py::key_error(name);
            const type_info& t = r.rules().type_of(*s);
            if (t.kind == type_kind::string) throw py::value_error("'" + name + "' is text, which has no possible values");
            const value_range v = r.value(*s);
            py::dict out;
            if (t.carries_sets()) {  // the set of possible values, as the JSON decision's "one_of"
                py::list values;
                for (std::int64_t x = v.lo; x <= v.hi; ++x)
                    if (v.contains(x)) values.append(to_python(t, x));
                out["one_of"] = values;
            } else {  // an interval: dates and wide integers
                out["from"] = to_python(t, v.lo);
                out["to"] = to_python(t, v.hi);
            }
            std::vector<std::string> deps;
            for (symbol_id dep : r.depends_on(*s)) deps.push_back(r.rules().symbols[dep].name);
            out["depends_on"] = deps;
            out["exact"] = v.exact;
            return out;
        })
        .def_property_readonly("all_determined", [](const decision_handle& d) { return d.traced.result.determined(); })
        .def("offers", [](const decision_handle& d) {
            py::list out;
            const program& rules = d.traced.result.rules();
            for (std::size_t o = 0; o < rules.offers.size(); ++o) {
                const offer& of = rules.offers[o];
                const offer_outcome& outcome = d.traced.result.offers()[o];
                out.append(py::dict(py::arg("offer") = of.name, py::arg("title") = of.title, py::arg("citation") = of.citation,
                                    py::arg("eligible") = to_python(rules.types[builtin_type::boolean], outcome.eligible.lo),
                                    py::arg("determined") = outcome.eligible.determined(), py::arg("step") = outcome.step.lo, py::arg("scope") = render_template(d.traced.result, of.scope)));
            }
            return out;
        })
        .def("trace", [](const decision_handle& d) {
            py::list out;
            const program& rules = d.traced.result.rules();
            for (const trace_entry& t : build_trace(d.traced)) {
                std::vector<std::string> uses;
                for (symbol_id u : t.uses) uses.push_back(rules.symbols[u].name);
                out.append(py::dict(py::arg("name") = rules.symbols[t.symbol].name, py::arg("value") = to_python(rules, t.symbol, t.value, &d.traced.result), py::arg("display") = format_value(rules, t.symbol, t.value, &d.traced.result), py::arg("uses") = uses,
                                    py::arg("decided_by") = t.decided_by, py::arg("citation") = t.citation,
                                    py::arg("local") = t.local, py::arg("sentence") = t.sentence));
            }
            return out;
        })
        .def("explain_text", [](const decision_handle& d, bool why_not, bool counterfactual) {
            return to_text(explain_decision(d, why_not, counterfactual));
        }, py::arg("why_not") = true, py::arg("counterfactual") = false)
        .def("explain_json", [](const decision_handle& d, bool why_not, bool counterfactual) {
            return to_json(explain_decision(d, why_not, counterfactual));
        }, py::arg("why_not") = true, py::arg("counterfactual") = false)
        .def("explain_html", [](const decision_handle& d, bool why_not, bool counterfactual) {
            return to_html(explain_decision(d, why_not, counterfactual));
        }, py::arg("why_not") = true, py::arg("counterfactual") = false)
        .def("why_not", [](const decision_handle& d) {
            py::list out;
            for (const why_not_entry& w : explain_decision(d, true, false).why_not) {
                py::list failed;
                for (const failed_condition& f : w.failed) failed.append(py::dict(py::arg("text") = f.text, py::arg("unknown") = f.unknown));
                out.append(py::dict(py::arg("subject") = w.subject, py::arg("citation") = w.citation, py::arg("step") = w.is_step, py::arg("failed") = failed));
            }
            return out;
        })
        .def("summary_text", [](const decision_handle& d) { return to_text(d.traced.result); });

    m.def("evaluate", &evaluate_profile, py::arg("rules"), py::arg("values"), py::arg("as_of") = py::none());
}

}  // namespace trappe::python
