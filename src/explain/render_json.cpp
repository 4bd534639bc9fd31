// JSON explanations; the field names are documented in docs/explanations.md.

#include <boost/json.hpp>

#include "../eval/json_value.hpp"
#include "trappe/eval/format.hpp"
#include "describe.hpp"
#include "trappe/explain/explanation.hpp"

namespace trappe {
namespace {

namespace json = boost::json;

json::array trace_json(const explanation& e, const std::vector<trace_entry>& trace) {
    const program& rules = e.rules();
    json::array out;
    for (const trace_entry& t : trace) {
        const symbol& s = rules.symbols[t.symbol];
        out.emplace_back(json::object{
            {"name", s.name},
            {"kind", s.kind == symbol_kind::parameter ? "parameter" : s.is_criterion ? "criterion" : "definition"},
            {"value", detail::json_value(rules, s.type, t.value, t.depends_on)},
            {"display", format_value(rules, t.symbol, t.value)},
            {"uses", detail::json_names(rules, t.uses)},
            {"decided_by", t.decided_by},
            {"citation", t.citation},
            {"local", t.local},
            {"sentence", t.sentence}});
    }
    return out;
}

json::value counterfactual_json(const explanation& e, const std::optional<counterfactual>& c) {
    if (!c) return nullptr;
    const program& rules = e.rules();
    json::object out{{"found", c->found}, {"note", c->note}};
    if (c->found) {
        out["step"] = c->new_step;
        json::array changes;
        for (const input_change& ch : c->changes) {
            const type_id t = rules.symbols[ch.input].type;
            changes.emplace_back(json::object{{"input", rules.symbols[ch.input].name},
                                              {"from", detail::json_value(rules, t, {ch.from, ch.from}, std::vector<symbol_id>{})},
                                              {"to", detail::json_value(rules, t, {ch.to, ch.to}, std::vector<symbol_id>{})}});
        }
        out["changes"] = std::move(changes);
        out["trace"] = trace_json(e, c->trace);
    }
    return out;
}

}  // namespace

std::string to_json(const explanation& e) {
    json::object out = detail::decision_json(e.evaluated.result, 0);
    out["schema"] = detail::explanation_schema;  // the decision's members, and more
    if (!e.borger_id.empty()) out["borger_id"] = e.borger_id;
    out["trace"] = trace_json(e, e.trace);
    json::array why_not;
    for (const why_not_entry& w : e.why_not) {
        json::array failed;
        for (const failed_condition& f : w.failed) failed.emplace_back(json::object{{"text", f.text}, {"unknown", f.unknown}});
        why_not.emplace_back(json::object{
            {"subject", w.subject}, {"citation", w.citation}, {"step", w.is_step}, {"failed", std::move(failed)}});
    }
    out["why_not"] = std::move(why_not);
    out["counterfactual"] = json::object{{"up", counterfactual_json(e, e.step_up)}, {"down", counterfactual_json(e, e.step_down)}};
    if (e.step_up || e.step_down) {
        json::array proposals;
        for (const assessment_proposal& a : e.assessments) {
            const symbol& item = e.rules().symbols[a.input];
            json::array outcomes;
            for (const assessment_outcome& o : a.outcomes)
                outcomes.emplace_back(json::object{
                    {"from", detail::json_value(e.rules(), item.type, {o.from, o.from}, std::vector<symbol_id>{})},
                    {"to", detail::json_value(e.rules(), item.type, {o.to, o.to}, std::vector<symbol_id>{})},
                    {"step", detail::json_value(e.rules(), e.rules().symbols[*e.rules().recommendation].type, o.step,
                                                std::vector<symbol_id>{})}});
            proposals.emplace_back(json::object{{"input", item.name}, {"text", detail::describe_proposal(e.rules(), a)},
                                                {"outcomes", std::move(outcomes)}});
        }
        out["assessments"] = std::move(proposals);
    }
    json::array paragraphs;
    for (const std::string& p : e.justification) paragraphs.emplace_back(p);
    out["justification"] = std::move(paragraphs);
    return detail::write_json(out);
}

}  // namespace trappe
