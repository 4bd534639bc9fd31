#include "describe.hpp"
#include "trappe/eval/format.hpp"
#include "trappe/explain/explanation.hpp"

namespace trappe {
namespace {

void trace_lines(std::string& out, const explanation& e, const std::vector<trace_entry>& trace, const decision& d) {
    const program& rules = e.rules();
    for (const trace_entry& t : trace) {
        out += "  ";
        out += rules.symbols[t.symbol].name;
        out += " = ";
        out += format_value(rules, t.symbol, t.value, &d);
        if (!t.decided_by.empty()) out += " [" + t.decided_by + "]";
        if (!t.sentence.empty()) out += " — " + t.sentence;
        if (!t.citation.empty()) out += std::string(" (") + (t.local ? "lokal: " : "") + t.citation + ")";
        if (!t.depends_on.empty()) out += " (afhænger af: " + names_of(rules, t.depends_on) + ")";
        out += '\n';
        if (!t.uses.empty()) out += "      ud fra: " + names_of(rules, t.uses) + '\n';
    }
}

void counterfactual_lines(std::string& out, const explanation& e, const counterfactual& c) {
    const program& rules = e.rules();
    out += c.direction > 0 ? "  Højere anbefaling: " : "  Lavere anbefaling: ";
    if (!c.found) {
        out += c.note + '\n';
        return;
    }
    out += detail::step_text(rules, {c.new_step, c.new_step}) + ", hvis ";
    for (std::size_t i = 0; i < c.changes.size(); ++i) {
        const input_change& ch = c.changes[i];
        if (i > 0) out += " og ";
        out += detail::label_of(rules.symbols[ch.input]) + " ændres fra " + format_value(rules, ch.input, {ch.from, ch.from}) +
               " til " + format_value(rules, ch.input, {ch.to, ch.to});
    }
    out += '\n';
}

}  // namespace

std::string to_text(const explanation& e) {
    const program& rules = e.rules();
    const decision& d = e.evaluated.result;
    std::string out = "Forklaring";
    if (!e.borger_id.empty()) out += " for " + e.borger_id;
    out += " (" + rules.pack_name + ", " + rules.content_hash + ")\n\n";
    out += to_text(d);
    out += "\nSporet (hvordan resultatet er fundet):\n";
    trace_lines(out, e, e.trace, d);
    if (!e.why_not.empty()) {
        out += "\nHvorfor ikke:\n";
        for (const why_not_entry& w : e.why_not) {
            out += "  " + w.subject;
            if (!w.citation.empty()) out += " (" + w.citation + ")";
            out += ":\n";
            for (const failed_condition& f : w.failed) out += std::string("    - ") + (f.unknown ? "? " : "") + f.text + '\n';
        }
    }
    if (e.step_up || e.step_down) {
        out += "\nHvad ville ændre anbefalingen:\n";
        if (e.step_up) counterfactual_lines(out, e, *e.step_up);
        if (e.step_down) counterfactual_lines(out, e, *e.step_down);
        for (const assessment_proposal& a : e.assessments) out += "  - " + detail::describe_proposal(rules, a) + '\n';
    }
    if (!e.justification.empty()) {
        out += "\nUdkast til begrundelse:\n";
        for (const std::string& paragraph : e.justification) out += "  " + paragraph + "\n\n";
    }
    return out;
}

}  // namespace trappe
