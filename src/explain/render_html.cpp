// A self-contained HTML page per decision: inline styles, no scripts, nothing
// fetched from elsewhere, and every value and rule text HTML-escaped.

#include <map>
#include <set>

#include "common/text_escape.hpp"
#include "trappe/eval/format.hpp"
#include "describe.hpp"
#include "trappe/explain/explanation.hpp"

namespace trappe {
namespace {

using detail::html_escape;

constexpr const char* style = R"(
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2733; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccd; }
.recommendation { background: #eef5ee; border-left: 0.4rem solid #3a7d44; padding: 0.8rem 1rem; font-size: 1.2rem; }
.meta { color: #667; font-size: 0.85rem; }
.cite { color: #445; font-style: italic; }
.unknown { color: #a15c00; }
.failed { color: #8a1c1c; }
details { margin-left: 1.2rem; } summary { cursor: pointer; }
li { margin: 0.2rem 0; }
.local { background: #fff4d6; padding: 0 0.3rem; border-radius: 0.2rem; font-size: 0.8rem; }
)";

class page {
public:
    explicit page(const explanation& e) : e_(e), rules_(e.rules()), d_(e.evaluated.result) {
        for (const trace_entry& t : e.trace) by_symbol_.emplace(t.symbol, &t);
    }

    std::string render() {
        out_ += "<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>";
        out_ += html_escape("Forklaring – " + rules_.pack_name);
        out_ += "</title><style>";
        out_ += style;
        out_ += "</style></head><body>\n";
        out_ += "<h1>Forklaring af anbefalingen</h1>\n<p class=\"meta\">";
        if (!e_.borger_id.empty()) out_ += "Sag " + html_escape(e_.borger_id) + " · ";
        out_ += "Regler: " + html_escape(rules_.pack_name) + " · " + html_escape(rules_.content_hash) + "</p>\n";
        recommendation();
        offers();
        why_not();
        counterfactuals();
        trace_tree();
        justification();
        out_ += "</body></html>\n";
        return std::move(out_);
    }

private:
    std::string value(symbol_id s, value_range v) { return html_escape(format_value(rules_, s, v, &d_)); }

    void recommendation() {
        if (!rules_.recommendation) return;
        const symbol_id r = *rules_.recommendation;
        out_ += "<p class=\"recommendation\">Anbefalet " + html_escape(rules_.symbols[r].name) + ": <strong>" +
                value(r, d_.value(r)) + "</strong></p>\n";
    }

    void offers() {
        out_ += "<h2>Tilbud, borgeren er berettiget til</h2>\n<ul>\n";
        for (std::size_t o = 0; o < rules_.offers.size(); ++o) {
            const offer& of = rules_.offers[o];
            const offer_outcome& outcome = d_.offers()[o];
            if (outcome.eligible.hi == 0) continue;
            out_ += "<li>" + html_escape(of.title);
            if (!of.citation.empty()) out_ += " <span class=\"cite\">" + html_escape(of.citation) + "</span>";
            if (!of.scope.empty()) out_ += " – " + html_escape(render_template(d_, of.scope));
            if (!outcome.eligible.determined()) out_ += " <span class=\"unknown\">(afhænger af ikke vurderede oplysninger)</span>";
            out_ += "</li>\n";
        }
        for (const assessment_proposal& a : e_.assessments) out_ += "<li>" + html_escape(detail::describe_proposal(rules_, a)) + "</li>\n";
        out_ += "</ul>\n";
    }

    void why_not() {
        if (e_.why_not.empty()) return;
        out_ += "<h2>Hvorfor ikke</h2>\n<ul>\n";
        for (const why_not_entry& w : e_.why_not) {
            out_ += "<li><strong>" + html_escape(w.subject) + "</strong>";
            if (!w.citation.empty()) out_ += " <span class=\"cite\">" + html_escape(w.citation) + "</span>";
            out_ += "<ul>";
            for (const failed_condition& f : w.failed)
                out_ += std::string("<li class=\"") + (f.unknown ? "unknown" : "failed") + "\">" + html_escape(f.text) + "</li>";
            out_ += "</ul></li>\n";
        }
        out_ += "</ul>\n";
    }

    void counterfactuals() {
        if (!e_.step_up && !e_.step_down) return;
        out_ += "<h2>Hvad ville ændre anbefalingen</h2>\n<ul>\n";
        for (const auto* c : {&e_.step_up, &e_.step_down}) {
            if (!*c) continue;
            out_ += (*c)->direction > 0 ? "<li>Højere anbefaling: " : "<li>Lavere anbefaling: ";
            if (!(*c)->found) {
                out_ += html_escape((*c)->note) + "</li>\n";
                continue;
            }
            out_ += html_escape(detail::step_text(rules_, {(*c)->new_step, (*c)->new_step})) + ", hvis ";
            for (std::size_t i = 0; i < (*c)->changes.size(); ++i) {
                const input_change& ch = (*c)->changes[i];
                if (i > 0) out_ += " og ";
                out_ += html_escape(detail::label_of(rules_.symbols[ch.input])) + " ændres fra " + value(ch.input, {ch.from, ch.from}) +
                        " til " + value(ch.input, {ch.to, ch.to});
            }
            out_ += "</li>\n";
        }
        out_ += "</ul>\n";
    }

    // The trace as a tree from the recommendation down; a name met again is not expanded twice.
    void node(symbol_id s, std::set<symbol_id>& shown, bool open = false) {
        const auto it = by_symbol_.find(s);
        if (it == by_symbol_.end()) {
            out_ += "<li>" + html_escape(rules_.symbols[s].name) + " = " + value(s, d_.value(s)) + "</li>\n";
            return;
        }
        const trace_entry& t = *it->second;
        std::string summary = "<strong>" + html_escape(rules_.symbols[s].name) + "</strong> = " + value(s, t.value);
        if (!t.decided_by.empty()) summary += " [" + html_escape(t.decided_by) + "]";
        if (!t.sentence.empty()) summary += " – " + html_escape(t.sentence);
        if (!t.citation.empty()) summary += " <span class=\"cite\">" + html_escape(t.citation) + "</span>";
        if (t.local) summary += " <span class=\"local\">lokal</span>";
        if (!shown.insert(s).second || t.uses.empty()) {
            out_ += "<li>" + summary + "</li>\n";
            return;
        }
        out_ += std::string("<li><details") + (open ? " open" : "") + "><summary>" + summary + "</summary><ul>\n";
        for (symbol_id u : t.uses) node(u, shown);
        out_ += "</ul></details></li>\n";
    }

    void trace_tree() {
        out_ += "<h2>Sporet</h2>\n<ul>\n";
        std::set<symbol_id> shown;
        if (rules_.recommendation) node(*rules_.recommendation, shown, true);
        for (symbol_id s : rules_.outputs)
            if (!shown.contains(s)) node(s, shown);
        out_ += "</ul>\n";
    }

    void justification() {
        if (e_.justification.empty()) return;
        out_ += "<h2>Udkast til begrundelse</h2>\n";
        for (const std::string& p : e_.justification) out_ += "<p>" + html_escape(p) + "</p>\n";
    }

    const explanation& e_;
    const program& rules_;
    const decision& d_;
    std::map<symbol_id, const trace_entry*> by_symbol_;
    std::string out_;
};

}  // namespace

std::string to_html(const explanation& e) { return page(e).render(); }

}  // namespace trappe
