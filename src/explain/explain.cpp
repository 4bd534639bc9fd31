// Builds the trace, the why-not list and the draft justification of a decision.

#include <algorithm>

#include "common/text.hpp"
#include "describe.hpp"
#include "trappe/eval/format.hpp"
#include "plan/plan_internals.hpp"

namespace trappe {
namespace detail {
counterfactual find_counterfactual(const plan& p, const profile& in, std::int64_t step, int direction,
                                   int max_changes);
std::vector<assessment_proposal> propose_assessments(const plan& p, const profile& in);
}  // namespace detail

namespace {

using detail::concat;

using detail::failed_conditions;

std::vector<symbol_id> direct_uses(const checked_expr& e) {
    std::vector<symbol_id> out;
    const auto visit = [&](const auto& self, const checked_expr& x) -> void {
        if ((x.kind == op::symbol || x.kind == op::known || x.kind == op::lookup) &&
            std::find(out.begin(), out.end(), x.symbol) == out.end())
            out.push_back(x.symbol);
        for (const checked_expr& a : x.args) self(self, a);
    };
    visit(visit, e);
    return out;
}

std::string describe_row(const type_info& key, const table_entry& row) {
    if (key.kind == type_kind::date) {
        if (row.lo == INT32_MIN) return concat({"født før ", format_date(static_cast<day_number>(row.hi + 1))});
        if (row.hi == INT32_MAX) return concat({"født fra ", format_date(static_cast<day_number>(row.lo))});
        return concat({"født ", format_date(static_cast<day_number>(row.lo)), " .. ",
                       format_date(static_cast<day_number>(row.hi))});
    }
    return row.lo == row.hi ? key.display(row.lo) : concat({key.display(row.lo), " .. ", key.display(row.hi)});
}

// Which rule, arm, table row or version decided a value ("" when nothing to say or undetermined).
std::string decided_by(const traced_decision& t, symbol_id s) {
    const program& rules = t.result.rules();
    const symbol& sym = rules.symbols[s];
    const plan& p = t.result.evaluated_with();
    if (sym.kind == symbol_kind::parameter) {
        if (p.overrides().contains(sym.name)) return "ændret for denne beregning";
        if (sym.entries.size() > 1 || (!sym.entries.empty() && sym.entries[0].lo != INT32_MIN)) {
            const value_range as_of = t.slots[*detail::internals(p).as_of_slot];
            for (const table_entry& e : sym.entries)
                if (e.lo <= as_of.lo && as_of.lo <= e.hi)
                    return e.lo == INT32_MIN ? "" : concat({"gælder fra ", format_date(static_cast<day_number>(e.lo))});
        }
        return "";
    }
    if (sym.kind != symbol_kind::definition) return "";
    const checked_expr& body = sym.body;
    switch (body.kind) {
        case op::first: {
            const auto arm = detail::fired_arm(t, body);
            if (!arm) return "";
            if (*arm == body.args.size() / 2) return "ellers";
            const std::string& label = body.labels[*arm];
            return label.empty() ? concat({"regel ", std::to_string(*arm + 1)}) : label;
        }
        case op::match: {
            const value_range subject = t.value_of(body.args[0]);
            if (!subject.determined()) return "";
            return concat({detail::describe_operand(t, body.args[0])});
        }
        case op::if_else: {
            const value_range c = t.value_of(body.args[0]);
            if (!c.determined()) return "";
            return concat({detail::describe_operand(t, body.args[0])});
        }
        case op::lookup: {
            const value_range key = t.value_of(body.args[0]);
            const symbol& table = rules.symbols[body.symbol];
            if (!key.determined()) return "";
            for (const table_entry& e : table.entries)
                if (e.lo <= key.lo && key.lo <= e.hi)
                    return concat({table.name, ": ", describe_row(rules.types[table.table_key], e)});
            return "";
        }
        default: return "";
    }
}

// The author's sentence for the outcome a name has. A boolean that holds shows `because`,
// one that does not shows `because not` (or nothing): a refusal never reads the reason to
// grant. An undetermined boolean shows neither.
std::string sentence_for(const traced_decision& t, const symbol& sym, const value_range& value) {
    const bool boolean = t.result.rules().types[sym.type].kind == type_kind::boolean;
    const std::string* text = &sym.because;
    if (boolean) {
        if (!value.determined()) return "";
        if (value.lo == 0) text = &sym.because_not;
    }
    return text->empty() ? "" : render_template(t.result, *text);
}

}  // namespace

std::vector<trace_entry> build_trace(const traced_decision& t) {
    const program& rules = t.result.rules();
    std::vector<trace_entry> out;
    // Each definition's uses, found once: they name the parameters to show and fill the entries.
    std::vector<std::vector<symbol_id>> uses(rules.symbols.size());
    std::vector<bool> used(rules.symbols.size());
    for (symbol_id s : rules.order) {
        uses[s] = direct_uses(rules.symbols[s].body);
        for (symbol_id u : uses[s]) used[u] = true;
    }
    const auto entry = [&](symbol_id s) {
        const symbol& sym = rules.symbols[s];
        trace_entry e;
        e.symbol = s;
        e.value = t.result.value(s);
        e.uses = uses[s];
        e.decided_by = decided_by(t, s);
        e.citation = sym.citation;
        e.local = sym.local;
        e.sentence = sentence_for(t, sym, e.value);
        e.depends_on = t.result.depends_on(s);
        out.push_back(std::move(e));
    };
    for (symbol_id s = 0; s < rules.symbols.size(); ++s)
        if (rules.symbols[s].kind == symbol_kind::parameter && used[s] && !rules.symbols[s].is_table) entry(s);
    for (symbol_id s : rules.order) entry(s);
    return out;
}

namespace {

// Steps of the recommendation above the recommended one, each with the condition that kept it away.
void steps_not_reached(const traced_decision& t, const checked_expr& e, symbol_id recommendation, std::int64_t step,
                       const profile& in, std::vector<why_not_entry>& out) {
    const program& rules = t.result.rules();
    const auto add = [&](std::int64_t s, const checked_expr& condition) {
        why_not_entry w;
        w.subject = concat({rules.symbols[recommendation].name, " ", format_value(rules, recommendation, {s, s})});
        w.is_step = true;
        w.failed = failed_conditions(t, condition, true, &in);
        out.push_back(std::move(w));
    };
    switch (e.kind) {
        case op::match: {
            // The arm the evaluator took (an otherwise arm may stand before others).
            if (const auto arm = detail::fired_arm(t, e)) steps_not_reached(t, e.args[*arm + 1], recommendation, step, in, out);
            return;
        }
        case op::if_else: {
            const value_range c = t.value_of(e.args[0]);
            if (e.args[1].kind == op::constant && e.args[1].value > step && c.hi == 0) add(e.args[1].value, e.args[0]);
            steps_not_reached(t, c.lo == 1 ? e.args[1] : e.args[2], recommendation, step, in, out);
            return;
        }
        case op::first: {
            // The rules before the one that fired, each kept from its step by its condition.
            const auto fired = detail::fired_arm(t, e);
            for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
                if (fired == i / 2) return steps_not_reached(t, e.args[i + 1], recommendation, step, in, out);
                if (!fired && t.value_of(e.args[i]).lo == 1) return;  // an open arm before: no later rule is known to be skipped
                if (e.args[i + 1].kind == op::constant && e.args[i + 1].value > step) add(e.args[i + 1].value, e.args[i]);
            }
            return;
        }
        default: return;
    }
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
    return out;
}

// Why a name has its value, for {hvorfor:name}: follows an if/else to the name it chose.
std::string why(const explanation& ex, symbol_id s, int depth = 4) {
    const program& rules = ex.rules();
    const symbol& sym = rules.symbols[s];
    if (sym.kind == symbol_kind::input)
        return concat({sym.description.empty() ? sym.name : sym.description, ": ",
                       format_value(rules, s, ex.evaluated.result.value(s), &ex.evaluated.result)});
    if (sym.kind == symbol_kind::definition && sym.body.kind == op::if_else && depth > 0) {
        const value_range c = ex.evaluated.value_of(sym.body.args[0]);
        const checked_expr& chosen = sym.body.args[c.lo == 1 ? 1 : 2];
        if (c.determined() && chosen.kind == op::symbol) return why(ex, chosen.symbol, depth - 1);
    }
    for (const trace_entry& e : ex.trace)
        if (e.symbol == s) {
            std::string text = e.sentence.empty() ? concat({sym.name, " er ", format_value(rules, s, e.value)}) : e.sentence;
            if (!e.decided_by.empty()) text += concat({" (", e.decided_by, ")"});
            return text;
        }
    return sym.name;
}

// Fills the pack's justification templates: names, {hvorfor:name}, and the offer placeholders.
std::string fill(const explanation& ex, const std::string& text, const std::vector<std::pair<std::string, std::string>>& extra) {
    return render_template(ex.evaluated.result, text, [&](const std::string& name) -> std::optional<std::string> {
        for (const auto& [key, value] : extra)
            if (key == name) return value;
        if (name.rfind("hvorfor:", 0) == 0)
            if (const auto s = ex.rules().find(name.substr(8))) return why(ex, *s);
        return std::nullopt;
    });
}

// A template's text for an offer without a citation: "{tilbud} efter {paragraf}" loses
// "efter {paragraf}", so the sentence never reads "… efter ." (empty placeholders of its own).
std::string without_citation(std::string text) {
    for (const char* with_word : {" efter {paragraf}", " jf. {paragraf}", " {paragraf}", "{paragraf}"})
        for (std::size_t at = text.find(with_word); at != std::string::npos; at = text.find(with_word, at))
            text.erase(at, std::char_traits<char>::length(with_word));
    return text;
}

// "a, b og c"
std::string join_and(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " og " : ", ") + items[i];
    return out;
}

std::vector<std::string> justification(const explanation& ex) {
    const program& rules = ex.rules();
    const justification_templates& j = rules.justification;
    const decision& d = ex.evaluated.result;
    std::vector<std::string> out;
    if (!j.intro.empty()) out.push_back(fill(ex, j.intro, {}));
    std::vector<std::string> appealable;
    for (std::size_t o = 0; o < rules.offers.size(); ++o) {
        const offer& of = rules.offers[o];
        const offer_outcome& outcome = d.offers()[o];
        if (!of.criterion) continue;  // open offers need no decision
        const checked_expr& condition = ex.rules().symbols[*of.criterion].body;
        const auto text_of = [&](const std::string& t) { return of.citation.empty() ? without_citation(t) : t; };
        if (!outcome.eligible.determined()) {
            // An offer that items ikke vurderet leave open is named, not left out of the letter.
            std::vector<std::string> items;
            for (symbol_id s : detail::unassessed_inputs(ex.evaluated, condition)) items.push_back(detail::label_of(rules.symbols[s]));
            out.push_back(fill(ex, text_of("Afgørelsen om {tilbud} efter {paragraf} afventer vurdering af {mangler}."),
                               {{"tilbud", of.title}, {"paragraf", of.citation}, {"mangler", join_and(items)}}));
            continue;
        }
        std::string scope = render_template(d, of.scope);
        if (of.has_review && outcome.review_months.determined())
            scope += concat({", opfølgning efter ", std::to_string(outcome.review_months.lo), " måneder"});
        std::vector<std::pair<std::string, std::string>> extra = {
            {"tilbud", of.title}, {"paragraf", of.citation}, {"omfang", scope}};
        if (outcome.eligible.lo == 1) {
            if (!j.granted.empty()) out.push_back(fill(ex, text_of(j.granted), extra));
        } else {
            std::vector<std::string> failed;
            for (const failed_condition& f : failed_conditions(ex.evaluated, condition, true)) failed.push_back(f.text);
            extra.emplace_back("betingelser", join(failed, "; "));
            if (!j.refused.empty()) out.push_back(fill(ex, text_of(j.refused), extra));
        }
        if (of.appealable) appealable.push_back(of.title);
        else if (!j.no_appeal.empty()) out.push_back(fill(ex, text_of(j.no_appeal), extra));
    }
    if (!appealable.empty() && !j.appeal.empty()) out.push_back(fill(ex, j.appeal, {{"tilbud", join(appealable, ", ")}}));
    if (!j.closing.empty()) out.push_back(fill(ex, j.closing, {}));
    return out;
}

}  // namespace

std::variant<explanation, input_error> explain(const plan& p, const profile& in, const explain_options& options) {
    traced_evaluation traced = evaluate_traced(p, in);
    if (auto* error = std::get_if<input_error>(&traced)) return *error;
    explanation ex{std::get<traced_decision>(std::move(traced)), {}, {}, {}, {}, {}, {}, {}};
    const program& rules = p.rules();
    const decision& d = ex.evaluated.result;
    if (const auto id = p.input_index("borger_id")) ex.borger_id = in.texts[*id];
    ex.trace = build_trace(ex.evaluated);

    if (options.why_not) {
        for (std::size_t o = 0; o < rules.offers.size(); ++o) {
            if (d.offers()[o].eligible.lo == 1) continue;
            const offer& of = rules.offers[o];
            // The offer names its criterion; explain the criterion's own conditions.
            const checked_expr& condition = of.condition.kind == op::symbol &&
                                                    rules.symbols[of.condition.symbol].kind == symbol_kind::definition
                                                ? rules.symbols[of.condition.symbol].body
                                                : of.condition;
            why_not_entry w{of.title, of.citation, false, failed_conditions(ex.evaluated, condition, true, &in)};
            ex.why_not.push_back(std::move(w));
        }
        if (rules.recommendation && d.value(*rules.recommendation).determined())
            steps_not_reached(ex.evaluated, rules.symbols[*rules.recommendation].body, *rules.recommendation,
                              d.value(*rules.recommendation).lo, in, ex.why_not);
    }
    if (options.counterfactual && rules.recommendation) {
        const value_range step = d.value(*rules.recommendation);
        for (int direction : {+1, -1}) {
            counterfactual c;
            c.direction = direction;
            if (!step.determined()) {
                c.note = "anbefalingen afhænger af oplysninger, der ikke er vurderet";
            } else {
                c = detail::find_counterfactual(p, in, step.lo, direction, options.max_changes);
            }
            (direction > 0 ? ex.step_up : ex.step_down) = std::move(c);
        }
        if (!step.determined()) ex.assessments = detail::propose_assessments(p, in);
    }
    ex.justification = justification(ex);
    return ex;
}

}  // namespace trappe
