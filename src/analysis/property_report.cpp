// Text and JSON reports of checked properties (properties.hpp).

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

#include "eval/json_value.hpp"
#include "trappe/analysis/properties.hpp"
#include "trappe/eval/format.hpp"

namespace trappe::analysis {
namespace {

namespace json = boost::json;

const char* verdict_name(property_verdict v) {
    switch (v) {
        case property_verdict::holds: return "holds";
        case property_verdict::violated: return "violated";
        case property_verdict::undecided: return "undecided";
    }
    return "";
}

std::string where_of(const program& rules, const property& p) {
    return rules.sources.path(p.where.file) + ":" + std::to_string(p.where.line);
}

std::string seconds_text(double s) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f s", s);
    return buffer;
}

// Whether field j of a counterexample profile is worth showing: dates always, other
// fields when assessed above their lowest value (the rest are at their lowest).
bool shown(const plan& p, const profile& in, std::size_t j) {
    const program& rules = p.rules();
    const symbol_id s = p.inputs()[j];
    const type_info& t = rules.type_of(s);
    if (t.kind == type_kind::string) return false;
    if (t.kind == type_kind::date) return in.assessed[j] != 0;
    return in.assessed[j] != 0 && in.values[j] > input_rule_for(rules, s).lo;
}

std::string field_text(const plan& p, const profile& in, std::size_t j) {
    const program& rules = p.rules();
    const symbol_id s = p.inputs()[j];
    const std::string value = in.assessed[j] != 0 ? format_value(rules, s, {in.values[j], in.values[j]}) : "ikke vurderet";
    return rules.symbols[s].name + " = " + value;
}

// The symbols an expression reads, in the order written.
void names_in(const checked_expr& e, std::vector<symbol_id>& out) {
    if ((e.kind == op::symbol || e.kind == op::known) &&
        std::find(out.begin(), out.end(), e.symbol) == out.end())
        out.push_back(e.symbol);
    for (const checked_expr& a : e.args) names_in(a, out);
}

// What a decision says about the names of interest: "trin = 3, sel_85 = ja".
std::string decision_text(const decision& d, const std::vector<symbol_id>& names) {
    std::string out;
    for (const symbol_id s : names) {
        if (!out.empty()) out += ", ";
        out += d.rules().symbols[s].name + " = " + format_value(d.rules(), s, d.value(s), &d);
    }
    return out;
}

// The recommendation and the names the property reads, then every other output that differs.
std::vector<symbol_id> names_to_show(const program& rules, const property& prop, const decision& a, const decision* b) {
    std::vector<symbol_id> names;
    if (rules.recommendation) names.push_back(*rules.recommendation);
    if (prop.kind == property::kind_t::monotone) {
        if (std::find(names.begin(), names.end(), prop.result) == names.end()) names.push_back(prop.result);
    } else {
        names_in(prop.premise, names);
        names_in(prop.conclusion, names);
    }
    if (b != nullptr)
        for (const symbol_id s : rules.outputs)
            if (rules.type_of(s).kind != type_kind::string && a.value(s) != b->value(s) &&
                std::find(names.begin(), names.end(), s) == names.end())
                names.push_back(s);
    std::erase_if(names, [&](symbol_id s) { return rules.symbols[s].kind == symbol_kind::input; });
    return names;
}

std::string parting_text(const program& rules, const parting_entry& e) {
    const auto side = [&](const trace_entry& t) {
        std::string s = format_value(rules, t.symbol, t.value);
        if (!t.decided_by.empty()) s += " (" + t.decided_by + ")";
        return s;
    };
    return rules.symbols[e.lower.symbol].name + ": " + side(e.lower) + " → " + side(e.higher);
}

void counterexample_text(const plan& p, const property& prop, const counterexample& c, std::string& out) {
    const program& rules = p.rules();
    std::string fields;
    for (std::size_t j = 0; j < p.inputs().size(); ++j) {
        if (c.input && p.inputs()[j] == *c.input) continue;
        if (!shown(p, c.lower, j)) continue;
        fields += (fields.empty() ? "" : ", ") + field_text(p, c.lower, j);
    }
    if (fields.empty()) fields = "(none)";
    if (!c.dates.empty()) fields += " (" + c.dates + ")";
    if (!c.input) {
        out += "  counterexample: " + fields + "; every other field at its lowest value (nej, 0, ikke vurderet)\n";
        out += "    decision: " + decision_text(c.lower_decision, names_to_show(rules, prop, c.lower_decision, nullptr)) + "\n";
        return;
    }
    const std::size_t j = *p.input_index(rules.symbols[*c.input].name);
    out += "  counterexample: two profiles that differ only in " + rules.symbols[*c.input].name + "\n";
    out += "    both: " + fields + "; every other field at its lowest value (nej, 0, ikke vurderet)\n";
    const auto names = names_to_show(rules, prop, c.lower_decision, &c.higher_decision);
    out += "    lower:  " + field_text(p, c.lower, j) + "  →  " + decision_text(c.lower_decision, names) + "\n";
    out += "    higher: " + field_text(p, *c.higher, j) + "  →  " + decision_text(c.higher_decision, names) + "\n";
    if (c.parts_at) {
        out += "    they part at " + parting_text(rules, *c.parts_at) + "\n";
        if (!c.parts_at->lower.sentence.empty() || !c.parts_at->higher.sentence.empty())
            out += "      «" + c.parts_at->lower.sentence + "» → «" + c.parts_at->higher.sentence + "»\n";
    }
}

json::object profile_json(const plan& p, const profile& in) {
    const program& rules = p.rules();
    json::object out;
    for (std::size_t j = 0; j < p.inputs().size(); ++j) {
        const symbol_id s = p.inputs()[j];
        const type_info& t = rules.type_of(s);
        if (t.kind == type_kind::string) continue;  // never read as a value (borger_id)
        out[rules.symbols[s].name] = in.assessed[j] != 0
                                         ? detail::json_value(rules, rules.symbols[s].type, value_range{in.values[j], in.values[j]},
                                                              std::vector<symbol_id>{})
                                         : json::value(nullptr);
    }
    return out;
}

json::object side_json(const plan& p, const profile& in, const decision& d) {
    json::object out;
    out["profile"] = profile_json(p, in);
    out["decision"] = detail::decision_json(d, 0);
    return out;
}

json::object trace_side_json(const program& rules, const trace_entry& t) {
    json::object out;
    out["value"] = detail::json_value(rules, rules.symbols[t.symbol].type, t.value, t.depends_on);
    out["decided_by"] = t.decided_by;
    out["sentence"] = t.sentence;
    return out;
}

}  // namespace

std::string properties_text(const plan& p, const std::vector<property_check>& checks) {
    const program& rules = p.rules();
    std::string out;
    for (const property_check& c : checks) {
        const property& prop = rules.properties.at(c.property);
        const char* word = c.verdict == property_verdict::holds      ? "HOLDS     "
                           : c.verdict == property_verdict::violated ? "VIOLATED  "
                                                                     : "UNDECIDED ";
        out += word + prop.title() + "  (" + where_of(rules, prop) + ")\n";
        if (!prop.label.empty()) out += "  " + prop.text + "\n";
        out += "  " + std::to_string(c.regions) + " regions, " + seconds_text(c.seconds);
        if (c.incomplete > 0) out += ", " + std::to_string(c.incomplete) + " regions left undetermined";
        out += "\n";
        if (c.example) counterexample_text(p, prop, *c.example, out);
    }
    return out;
}

std::string properties_json(const plan& p, const std::vector<property_check>& checks) {
    const program& rules = p.rules();
    json::array out;
    for (const property_check& c : checks) {
        const property& prop = rules.properties.at(c.property);
        json::object o;
        o["kind"] = prop.kind == property::kind_t::monotone ? "monotone" : "implies";
        o["label"] = prop.label;
        o["text"] = prop.text;
        o["file"] = rules.sources.path(prop.where.file);
        o["line"] = prop.where.line;
        o["verdict"] = verdict_name(c.verdict);
        o["regions"] = c.regions;
        o["undetermined_regions"] = c.incomplete;
        o["seconds"] = c.seconds;
        if (c.example) {
            json::object x;
            const counterexample& e = *c.example;
            if (e.input) {
                x["input"] = rules.symbols[*e.input].name;
                x["lower"] = side_json(p, e.lower, e.lower_decision);
                x["higher"] = side_json(p, *e.higher, e.higher_decision);
                if (e.parts_at) {
                    json::object parts;
                    parts["name"] = rules.symbols[e.parts_at->lower.symbol].name;
                    parts["lower"] = trace_side_json(rules, e.parts_at->lower);
                    parts["higher"] = trace_side_json(rules, e.parts_at->higher);
                    x["parts_at"] = std::move(parts);
                }
            } else {
                x["profile"] = side_json(p, e.lower, e.lower_decision);
            }
            x["dates"] = e.dates;
            o["counterexample"] = std::move(x);
        }
        out.push_back(std::move(o));
    }
    return detail::write_json(out);
}

}  // namespace trappe::analysis
