#include "common/text.hpp"
#include "describe.hpp"

#include <algorithm>

#include "plan/plan_internals.hpp"
#include "trappe/plan/plan.hpp"
#include "trappe/eval/format.hpp"

namespace trappe::detail {
namespace {

// "a, b og c"
std::string join_danish(const std::vector<std::string>& items, const char* last_word) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? concat({" ", last_word, " "}) : std::string(", ");
        out += items[i];
    }
    return out;
}

const char* comparison_phrase(op kind, bool dates) {
    switch (kind) {
        case op::eq: return "lig med";
        case op::ne: return "forskellig fra";
        case op::lt: return dates ? "før" : "under";
        case op::le: return dates ? "senest" : "højst";
        case op::gt: return dates ? "efter" : "over";
        case op::ge: return dates ? "tidligst" : "mindst";
        default: return "";
    }
}

bool is_comparison(op kind) { return kind >= op::eq && kind <= op::ge; }

std::string expression_text(const program& rules, const checked_expr& e);

std::string call_text(const program& rules, const char* name, const checked_expr& e) {
    std::vector<std::string> args;
    for (const checked_expr& a : e.args) args.push_back(expression_text(rules, a));
    std::string out = concat({name, "("});
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ")";
}

// The expression as the rule author wrote it, roughly (for operands that are not plain names).
std::string expression_text(const program& rules, const checked_expr& e) {
    switch (e.kind) {
        case op::symbol: return rules.symbols[e.symbol].name;
        case op::constant: {
            const type_info& t = rules.types[e.type];
            if (t.kind == type_kind::boolean) return e.value ? "ja" : "nej";
            if (t.kind == type_kind::date) return format_date(static_cast<day_number>(e.value));
            return t.kind == type_kind::enumeration ? t.display(e.value) : std::to_string(e.value);
        }
        case op::max: return call_text(rules, "max", e);
        case op::min: return call_text(rules, "min", e);
        case op::count: return call_text(rules, "antal", e);
        case op::age: return call_text(rules, "alder", e);
        case op::add_months: return call_text(rules, "add_months", e);
        case op::add_days: return call_text(rules, "add_days", e);
        case op::known: return concat({"known(", rules.symbols[e.symbol].name, ")"});
        case op::lookup: return concat({rules.symbols[e.symbol].name, "(", expression_text(rules, e.args[0]), ")"});
        case op::add: return concat({expression_text(rules, e.args[0]), " + ", expression_text(rules, e.args[1])});
        case op::sub: return concat({expression_text(rules, e.args[0]), " - ", expression_text(rules, e.args[1])});
        default: return "udtrykket";
    }
}

// How a name is called as the subject of a sentence: a criterion by its title
// ("betingelserne for midlertidigt botilbud"), others by their label.
std::string subject_of(const symbol& s) {
    if (s.is_criterion) return concat({"betingelserne for ", lower_first(s.description)});
    return label_of(s);
}

// "kan færdes alene uden for hjemmet er vurderet til ja", or the author's sentence for the
// outcome a boolean definition has ("hverken § 104 eller § 103 giver et dagtilbud").
std::string outcome_text(const traced_decision& t, symbol_id id, value_range v) {
    const symbol& s = t.result.rules().symbols[id];
    if (s.kind == symbol_kind::input) return concat({label_of(s), " er vurderet til ", v.lo ? "ja" : "nej"});
    const std::string& sentence = v.lo ? s.because : s.because_not;
    if (!sentence.empty() && !s.is_criterion) return render_template(t.result, sentence);
    if (s.is_criterion || s.description.empty() == false)
        return concat({subject_of(s), " er ", v.lo ? "opfyldt" : "ikke opfyldt"});
    return concat({label_of(s), " er ", v.lo ? "ja" : "nej"});
}

// "støttebehovet er højt", "egenomsorg er vurderet til 0 (ingen nedsat funktionsevne)".
std::string subject_is(const traced_decision& t, const checked_expr& e) {
    const program& rules = t.result.rules();
    if (e.kind != op::symbol) return concat({"værdien er ", describe_value(t, e)});
    const symbol& s = rules.symbols[e.symbol];
    const bool assessed = s.kind == symbol_kind::input && rules.types[s.type].kind != type_kind::date;  // dates are facts
    return concat({subject_of(s), assessed ? " er vurderet til " : " er ", describe_value(t, e)});
}

// What the other side of a comparison requires: a value, or a name with its value
// ("folkepensionsdatoen (2025-03-02)"); a parameter by its value alone.
std::string requirement(const traced_decision& t, const checked_expr& e) {
    if (e.kind != op::symbol) return describe_value(t, e);
    const symbol& s = t.result.rules().symbols[e.symbol];
    if (s.kind == symbol_kind::parameter || s.description.empty()) return describe_value(t, e);
    return concat({label_of(s), " (", describe_value(t, e), ")"});
}

// Values of `run` items, one at a time, that make `e` come out `wanted`:
// ": den holder ved egenomsorg niveau 3 eller højere". The others stay ikke vurderet.
std::string deciding_values(const traced_decision& t, const checked_expr& e, bool wanted, const profile& in,
                            const std::vector<symbol_id>& items) {
    const plan& p = t.result.evaluated_with();
    const program& rules = t.result.rules();
    std::vector<std::string> parts;
    for (symbol_id item : items) {
        const auto index = p.input_index(rules.symbols[item].name);
        const type_info& type = rules.types[rules.symbols[item].type];
        const bool finite = type.kind == type_kind::boolean || type.kind == type_kind::level ||
                            type.kind == type_kind::enumeration ||
                            (type.kind == type_kind::integer && type.bounded && type.hi - type.lo <= 16);
        if (!index || !finite) continue;
        std::vector<std::string> runs;
        std::int64_t run_from = type.lo;
        bool in_run = false;
        const auto close = [&](std::int64_t last) {
            if (in_run) runs.push_back(describe_values(type, run_from, last));
            in_run = false;
        };
        for (std::int64_t value = type.lo; value <= type.hi; ++value) {
            profile assessed = in;
            assessed.set(*index, value);
            traced_evaluation again = evaluate_traced(p, assessed);
            const auto* d = std::get_if<traced_decision>(&again);
            const bool holds = d != nullptr && d->value_of(e) == value_range{wanted ? 1 : 0, wanted ? 1 : 0};
            if (holds && !in_run) {
                run_from = value;
                in_run = true;
            }
            if (!holds) close(value - 1);
        }
        close(type.hi);
        if (!runs.empty()) parts.push_back(concat({label_of(rules.symbols[item]), " vurderes til ", join_danish(runs, "eller")}));
    }
    if (parts.empty()) return items.size() > 1 ? "; ingen af dem afgør det alene" : "";
    return concat({"; betingelsen er opfyldt, hvis ", join_danish(parts, "eller hvis")});
}

}  // namespace

std::string lower_first(std::string text) {
    if (text.size() > 1 && text[0] >= 'A' && text[0] <= 'Z' && !(text[1] >= 'A' && text[1] <= 'Z'))
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

std::string describe_values(const type_info& t, std::int64_t from, std::int64_t to) {
    const auto one = [&](std::int64_t v) -> std::string {
        if (t.kind == type_kind::level) return concat({"niveau ", std::to_string(v)});
        if (t.kind == type_kind::boolean) return v ? "ja" : "nej";
        return t.kind == type_kind::enumeration ? t.display(v) : std::to_string(v);
    };
    if (from == to) return one(from);
    if (t.kind == type_kind::boolean) return "ja eller nej";
    if (to == t.hi) return concat({one(from), " eller højere"});
    if (from == t.lo) return concat({one(to), " eller lavere"});
    return concat({one(from), " til ", one(to)});
}

std::string describe_value(const traced_decision& t, const checked_expr& e) {
    const program& rules = t.result.rules();
    const value_range v = t.value_of(e);
    if (e.kind == op::symbol) return format_value(rules, e.symbol, v, &t.result);
    const type_info& type = rules.types[e.type];
    if (!v.determined()) {
        if (type.carries_sets()) return format_value(type, v);
        return concat({"mellem ", std::to_string(v.lo), " og ", std::to_string(v.hi)});
    }
    switch (type.kind) {
        case type_kind::boolean: return v.lo ? "ja" : "nej";
        case type_kind::date: return format_date(static_cast<day_number>(v.lo));
        case type_kind::enumeration: return type.display(v.lo);
        default: return std::to_string(v.lo);
    }
}

std::string describe_operand(const traced_decision& t, const checked_expr& e) {
    if (e.kind == op::constant) return describe_value(t, e);
    return concat({expression_text(t.result.rules(), e), " ", describe_value(t, e)});
}

std::optional<std::size_t> fired_arm(const traced_decision& t, const checked_expr& e) {
    const plan_internals& code = internals(t.result.evaluated_with());
    const auto it = code.arms.find(&e);
    if (it == code.arms.end()) throw std::logic_error("fired_arm: not a first or match of the evaluated rules");
    const arm_slots& arms = it->second;
    // The select chain takes the first arm in order whose condition holds, else the fallback.
    for (std::size_t arm = 0; arm < arms.conditions.size(); ++arm) {
        if (arms.conditions[arm] == no_slot) continue;
        const value_range c = t.slots[arms.conditions[arm]];
        if (!c.determined()) return std::nullopt;
        if (c.lo == 1) return arm;
    }
    return arms.fallback;
}

std::vector<symbol_id> unassessed_inputs(const traced_decision& t, const checked_expr& e) {
    std::vector<symbol_id> out;
    const program& rules = t.result.rules();
    const auto visit = [&](const auto& self, const checked_expr& x) -> void {
        if (x.kind == op::symbol || x.kind == op::known) {
            const symbol& s = rules.symbols[x.symbol];
            std::vector<symbol_id> deps;
            if (s.kind == symbol_kind::input && !t.result.value(x.symbol).determined()) deps.push_back(x.symbol);
            else deps = t.result.depends_on(x.symbol);
            for (symbol_id d : deps)
                if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
            return;
        }
        for (const checked_expr& a : x.args) self(self, a);
    };
    visit(visit, e);
    return out;
}

std::vector<failed_condition> failed_conditions(const traced_decision& t, const checked_expr& e, bool wanted,
                                                const profile* in, int depth) {
    const program& rules = t.result.rules();
    const value_range v = t.value_of(e);
    const std::int64_t want = wanted ? 1 : 0;
    if (v == value_range{want, want}) return {};
    if (!v.determined()) {
        std::vector<std::string> names;
        const std::vector<symbol_id> items = unassessed_inputs(t, e);
        for (symbol_id s : items) names.push_back(label_of(rules.symbols[s]));
        const std::string what = e.kind == op::symbol ? subject_of(rules.symbols[e.symbol]) : "betingelsen";
        std::string text = concat({what, " kan ikke afgøres; det afhænger af ", join_danish(names, "og"), ", som ikke er vurderet"});
        if (in != nullptr) text += deciding_values(t, e, wanted, *in, items);
        return {{std::move(text), true}};
    }
    switch (e.kind) {
        case op::logical_and:
        case op::logical_or: {
            // and wanted true, or wanted false: every failing part matters.
            if ((e.kind == op::logical_and) == wanted) {
                std::vector<failed_condition> out;
                for (const checked_expr& a : e.args) {
                    auto sub = failed_conditions(t, a, wanted, in, depth);
                    out.insert(out.end(), sub.begin(), sub.end());
                }
                return out;
            }
            // or wanted true (or: and wanted false): all alternatives failed together.
            std::vector<std::string> parts;
            const auto collect = [&](const auto& self, const checked_expr& x) -> void {
                if (x.kind == e.kind) {
                    for (const checked_expr& a : x.args) self(self, a);
                    return;
                }
                for (const failed_condition& f : failed_conditions(t, x, wanted, in, depth)) parts.push_back(f.text);
            };
            collect(collect, e);
            const std::string joined = join_danish(parts, wanted ? "eller" : "og");
            return {{concat({wanted ? "ingen af betingelserne holder: " : "alle betingelserne holder: ", joined})}};
        }
        case op::logical_not: return failed_conditions(t, e.args[0], !wanted, in, depth);
        case op::in_set: {
            const type_info& type = rules.types[e.args[0].type];
            std::vector<std::string> members;
            for (std::int64_t m : e.keys[0]) members.push_back(type.display(m));
            return {{concat({subject_is(t, e.args[0]), wanted ? ", men skal være " : ", men må ikke være ",
                             join_danish(members, "eller")})}};
        }
        case op::symbol: {
            const symbol& s = rules.symbols[e.symbol];
            std::string head = outcome_text(t, e.symbol, v);
            if (s.kind != symbol_kind::definition || depth == 0) return {{head}};
            // Name the conditions of an `and` that do hold: "… (selv om betingelserne for … er opfyldt)".
            if (wanted && s.body.kind == op::logical_and) {
                std::vector<std::string> holding;
                for (const checked_expr& part : s.body.args)
                    if (part.kind == op::symbol && t.value_of(part) == value_range{1, 1})
                        holding.push_back(outcome_text(t, part.symbol, {1, 1}));
                if (!holding.empty()) head += concat({" (selv om ", join_danish(holding, "og"), ")"});
            }
            std::vector<failed_condition> sub = failed_conditions(t, s.body, wanted, in, depth - 1);
            if (sub.empty()) return {{head}};
            for (failed_condition& f : sub) f.text = concat({head, ": ", f.text});
            return sub;
        }
        default: break;
    }
    if (is_comparison(e.kind)) {
        const bool dates = rules.types[e.args[0].type].kind == type_kind::date;
        return {{concat({subject_is(t, e.args[0]), wanted ? ", men skal være " : ", men må ikke være ",
                         comparison_phrase(e.kind, dates), " ", requirement(t, e.args[1])})}};
    }
    return {{concat({"betingelsen er ", v.lo ? "opfyldt" : "ikke opfyldt"})}};
}

}  // namespace trappe::detail
