// Checks definition bodies, offers, outputs and the pack-level declarations.

#include <algorithm>
#include <cstdint>
#include <utility>

#include "checker_context.hpp"
#include "trappe/common/date.hpp"

namespace trappe::detail {

void checker_context::ensure_checked(symbol_id s) {
    if (s >= definitions.size() || definitions[s] == nullptr || body_states[s] != body_state::unchecked) return;
    body_states[s] = body_state::checking;  // a cycle stops here; check_dependencies reports it
    const ast::define_decl& d = *definitions[s];
    std::optional<type_id> declared;
    if (d.type) declared = prog.symbols[s].type;
    if (d.is_criterion && !d.body.where.valid()) {
        diags.error(d.where, "criterion '" + d.name + "' has no 'when' condition");
    } else {
        checked_expr body = check_expression(*this, d.body, s, declared);
        symbol& sym = prog.symbols[s];
        if (!declared) {
            sym.type = body.type;
        } else if (body.type != *declared && !is_unknown(body.type) &&
                   !(prog.types[body.type].is_numeric() && prog.types[*declared].is_numeric())) {
            diags.error(d.body.where, "'" + d.name + "' is declared " + type_name(*declared) + " but its value is " +
                                          type_name(body.type));
        }
        sym.body = std::move(body);
    }
    if (!d.because.text.empty()) template_uses[s] = check_template(*this, d.because.text, d.because.where);
    if (!d.because_not.text.empty()) {
        const std::vector<symbol_id> shown = check_template(*this, d.because_not.text, d.because_not.where);
        template_uses[s].insert(template_uses[s].end(), shown.begin(), shown.end());
    }
    // A criterion's `because` is a reason to grant; with no `because not`, a refusal has no sentence of its own.
    if (d.is_criterion && !d.because.text.empty() && d.because_not.text.empty())
        diags.warning(d.because.where, "criterion '" + d.name +
                                           "' has only a `because` sentence, which reads as a reason to grant; add "
                                           "`because not \"…\"` to explain a refusal");
    body_states[s] = body_state::done;
}

namespace {

std::optional<symbol_id> lookup(checker_context& cx, const ast::name_ref& n, const std::string& what) {
    const auto it = cx.symbol_names.find(n.text);
    if (it != cx.symbol_names.end()) return it->second;
    const std::string near = cx.suggest_symbol(n.text);
    cx.diags.error(n.where, "unknown name '" + n.text + "' in " + what + (near.empty() ? "" : "; did you mean '" + near + "'?"));
    return std::nullopt;
}

// The symbols a checked expression reads, for the roots of reachability.
void add_roots(checker_context& cx, const checked_expr& e, location where, const std::string& what) {
    std::vector<const checked_expr*> pending = {&e};
    while (!pending.empty()) {
        const checked_expr* x = pending.back();
        pending.pop_back();
        if (x->kind == op::symbol || x->kind == op::known || x->kind == op::lookup) cx.roots.push_back({x->symbol, where, what});
        for (const checked_expr& a : x->args) pending.push_back(&a);
    }
}

void add_roots(checker_context& cx, const std::vector<symbol_id>& shown, location where, const std::string& what) {
    for (const symbol_id s : shown) cx.roots.push_back({s, where, what});
}

// An imported pack's offers are checked but not offered: the importing pack declares its own.
void check_offer(checker_context& cx, const ast::offer_decl& d, bool own) {
    offer o;
    o.name = d.name;
    o.title = d.title;
    o.citation = d.citation;
    o.where = d.where;
    o.scope = d.scope.text;
    std::vector<checked_expr> conditions;
    if (d.criterion) {
        if (const auto c = lookup(cx, *d.criterion, "'under'")) {
            const symbol& crit = cx.prog.symbols[*c];
            if (!crit.is_criterion) {
                cx.diags.error(d.criterion->where, "'under' needs a criterion, and '" + crit.name + "' is not one");
            } else {
                o.criterion = *c;
                o.appealable = crit.appealable;
                if (o.citation.empty()) o.citation = crit.citation;
                cx.record_use(std::nullopt, *c, d.criterion->where);
                checked_expr ref;
                ref.kind = op::symbol;
                ref.type = builtin_type::boolean;
                ref.symbol = *c;
                ref.where = d.criterion->where;
                conditions.push_back(std::move(ref));
            }
        }
    }
    if (d.condition) {
        checked_expr c = check_expression(cx, *d.condition, std::nullopt, builtin_type::boolean);
        if (c.type != builtin_type::boolean && !cx.is_unknown(c.type))
            cx.diags.error(d.condition->where, "'when' needs a bool, not " + cx.type_name(c.type));
        conditions.push_back(std::move(c));
    }
    if (conditions.empty()) {
        cx.diags.error(d.where, "offer '" + d.name + "' needs 'under <criterion>' or a 'when' condition");
        return;
    }
    o.condition = std::move(conditions[0]);
    if (conditions.size() == 2) {
        checked_expr both;
        both.kind = op::logical_and;
        both.type = builtin_type::boolean;
        both.where = d.where;
        both.args = {std::move(o.condition), std::move(conditions[1])};
        o.condition = std::move(both);
    }
    const std::optional<type_id> step_type =
        cx.prog.recommendation ? std::optional(cx.prog.symbols[*cx.prog.recommendation].type) : std::nullopt;
    if (!d.step.where.valid()) {
        cx.diags.error(d.where, "offer '" + d.name + "' needs a 'step' on the staircase");
    } else {
        o.step = check_expression(cx, d.step, std::nullopt, step_type);
        if (!cx.prog.types[o.step.type].is_numeric())
            cx.diags.error(d.step.where, "'step' needs a level, not " + cx.type_name(o.step.type));
    }
    if (d.review_months) {
        o.review_months = check_expression(cx, *d.review_months, std::nullopt, std::nullopt);
        o.has_review = true;
        if (!cx.prog.types[o.review_months.type].is_numeric())
            cx.diags.error(d.review_months->where, "'review' needs a number of months, not " +
                                                       cx.type_name(o.review_months.type));
    }
    std::vector<symbol_id> shown;
    if (!o.scope.empty()) shown = check_template(cx, o.scope, d.scope.where);
    if (!own) return;
    const std::string what = "offer '" + d.name + "'";
    add_roots(cx, o.condition, d.where, what);
    add_roots(cx, o.step, d.where, what);
    if (o.has_review) add_roots(cx, o.review_months, d.where, what);
    add_roots(cx, shown, d.where, what);
    cx.prog.offers.push_back(std::move(o));
}

void check_justification(checker_context& cx, const ast::justification_decl& d, bool own) {
    justification_templates& j = cx.prog.justification;
    const std::vector<std::string> offer_placeholders = {"tilbud", "paragraf", "omfang", "betingelser"};
    const std::pair<const char*, std::string*> parts[] = {{"intro", &j.intro},     {"granted", &j.granted},
                                                          {"refused", &j.refused}, {"appeal", &j.appeal},
                                                          {"no_appeal", &j.no_appeal}, {"closing", &j.closing}};
    for (const auto& [name, text] : d.parts) {
        std::string* target = nullptr;
        std::vector<std::string> names;
        for (const auto& [part_name, field] : parts) {
            names.push_back(part_name);
            if (name.text == part_name) target = field;
        }
        if (target == nullptr) {
            const std::string near = cx.suggest(name.text, names);
            cx.diags.error(name.where, "unknown justification part '" + name.text + "'" +
                                           (near.empty() ? "" : "; did you mean '" + near + "'?"));
            continue;
        }
        const bool per_offer = name.text != "intro" && name.text != "closing";
        const std::vector<symbol_id> shown =
            check_template(cx, text.text, text.where, per_offer ? offer_placeholders : std::vector<std::string>{});
        if (!own) continue;
        add_roots(cx, shown, text.where, "the justification");
        *target = text.text;
    }
}

// The symbols an expression names (names and table calls), walked with a stack.
std::vector<symbol_id> names_used(const checker_context& cx, const ast::expr& body) {
    std::vector<symbol_id> used;
    std::vector<const ast::expr*> pending = {&body};
    while (!pending.empty()) {
        const ast::expr* e = pending.back();
        pending.pop_back();
        if (e->kind == ast::expr_kind::name || e->kind == ast::expr_kind::call)
            if (const auto it = cx.symbol_names.find(e->text); it != cx.symbol_names.end()) used.push_back(it->second);
        for (const ast::expr& a : e->args) pending.push_back(&a);
    }
    return used;
}

// Checks every definition after the definitions it uses. Checking on demand alone
// (ensure_checked from a use) would recurse once per link of a chain of definitions,
// and a chain may be as long as the rule files allow; this walk uses a stack, so
// the on-demand check finds its dependencies done (except around a cycle, which
// check_dependencies reports).
void check_in_dependency_order(checker_context& cx) {
    const std::size_t n = cx.definitions.size();
    std::vector<std::vector<symbol_id>> uses(n);
    for (symbol_id s = 0; s < n; ++s)
        if (cx.definitions[s] != nullptr) uses[s] = names_used(cx, cx.definitions[s]->body);
    enum class mark : std::uint8_t { unvisited, open, done };
    std::vector<mark> marks(n, mark::unvisited);
    std::vector<std::pair<symbol_id, std::size_t>> stack;  // a definition and its next use to visit
    for (symbol_id root = 0; root < n; ++root) {
        if (marks[root] != mark::unvisited) continue;
        marks[root] = mark::open;
        stack.emplace_back(root, 0);
        while (!stack.empty()) {
            auto& [s, next] = stack.back();
            if (next < uses[s].size()) {
                const symbol_id t = uses[s][next++];
                if (t < n && marks[t] == mark::unvisited) {
                    marks[t] = mark::open;
                    stack.emplace_back(t, 0);
                }
                continue;
            }
            cx.ensure_checked(s);
            marks[s] = mark::done;
            stack.pop_back();
        }
    }
}

// `valid from D [to D]`: one per pack, in the pack's own files (an imported pack's period is its own).
void check_validity(checker_context& cx, const ast::validity_decl& d) {
    if (d.to && *d.to < d.from) {
        cx.diags.error(d.where, "the period is empty: it ends " + format_date(*d.to) + ", before it starts " +
                                    format_date(d.from));
        return;
    }
    if (cx.prog.valid_from) {
        cx.diags.error(d.where, "the pack already has a period ('valid from " + format_date(*cx.prog.valid_from) + "')");
        return;
    }
    cx.prog.valid_from = d.from;
    cx.prog.valid_to = d.to;
}

}  // namespace

void check_bodies(checker_context& cx, const std::vector<loaded_file>& files) {
    cx.definitions.assign(cx.prog.symbols.size(), nullptr);
    cx.template_uses.assign(cx.prog.symbols.size(), {});
    cx.body_states.assign(cx.prog.symbols.size(), checker_context::body_state::unchecked);
    for_each_decl<ast::define_decl>(files, [&](const ast::define_decl& d, const loaded_file& f) {
        const auto it = cx.symbol_names.find(d.name);
        // Skip duplicates: only the declaration the symbol came from has a body here.
        if (it != cx.symbol_names.end() && cx.prog.symbols[it->second].where == d.where &&
            cx.prog.symbols[it->second].file == f.syntax.id)
            cx.definitions[it->second] = &d;
    });
    check_in_dependency_order(cx);

    for_each_decl<ast::pack_decl>(files, [&](const ast::pack_decl& d, const loaded_file& f) {
        if (!f.root) return;
        if (!cx.prog.pack_name.empty() && cx.prog.pack_name != d.name)
            cx.diags.error(d.where, "this pack is already named '" + cx.prog.pack_name + "'");
        cx.prog.pack_name = d.name;
    });
    for_each_decl<ast::as_of_decl>(files, [&](const ast::as_of_decl& d, const loaded_file&) {
        const auto s = lookup(cx, d.input, "'as_of'");
        if (!s) return;
        const symbol& sym = cx.prog.symbols[*s];
        if (sym.kind != symbol_kind::input || sym.type != builtin_type::date || !sym.required)
            cx.diags.error(d.input.where, "'as_of' needs a required date input");
        else if (cx.prog.as_of && *cx.prog.as_of != *s)
            cx.diags.error(d.where, "the as-of date is already '" + cx.prog.symbols[*cx.prog.as_of].name + "'");
        cx.prog.as_of = *s;
        cx.referenced[*s] = true;
    });
    // The pack reports its own outputs only: an imported output is reported when the
    // pack lists it in its own `output` (re-exported).
    for_each_decl<ast::output_decl>(files, [&](const ast::output_decl& d, const loaded_file& f) {
        for (const ast::name_ref& n : d.names) {
            const auto s = lookup(cx, n, "'output'");
            if (!s || !f.root) continue;
            cx.roots.push_back({*s, n.where, "output '" + n.text + "'"});
            if (std::find(cx.prog.outputs.begin(), cx.prog.outputs.end(), *s) == cx.prog.outputs.end())
                cx.prog.outputs.push_back(*s);
            cx.referenced[*s] = true;
        }
    });
    for_each_decl<ast::recommend_decl>(files, [&](const ast::recommend_decl& d, const loaded_file& f) {
        const auto s = lookup(cx, d.output, "'recommend'");
        if (!s || !f.root) return;
        cx.roots.push_back({*s, d.output.where, "the recommendation '" + d.output.text + "'"});
        if (cx.prog.recommendation) cx.diags.error(d.where, "only one output can be the recommended step");
        if (!cx.prog.types[cx.prog.symbols[*s].type].is_numeric())
            cx.diags.error(d.output.where, "the recommended step needs a level, not " + cx.type_name(cx.prog.symbols[*s].type));
        cx.prog.recommendation = *s;
        cx.referenced[*s] = true;
        if (std::find(cx.prog.outputs.begin(), cx.prog.outputs.end(), *s) == cx.prog.outputs.end())
            cx.prog.outputs.insert(cx.prog.outputs.begin(), *s);
    });
    for_each_decl<ast::validity_decl>(files, [&](const ast::validity_decl& d, const loaded_file& f) {
        if (!f.root) return;
        check_validity(cx, d);
        if (!cx.prog.as_of) cx.diags.error(d.where, "a period needs an 'as_of' input that says which date is assessed");
    });
    const bool has_dated = std::any_of(cx.prog.symbols.begin(), cx.prog.symbols.end(), [](const symbol& s) {
        return s.kind == symbol_kind::parameter && !s.is_table && !s.entries.empty() &&
               (s.entries.size() > 1 || s.entries[0].lo != INT32_MIN);
    });
    if (has_dated && !cx.prog.as_of)
        cx.diags.error({}, "parameters have dated versions but no 'as_of' input says which date applies");
    for_each_decl<ast::offer_decl>(files, [&](const ast::offer_decl& d, const loaded_file& f) { check_offer(cx, d, f.root); });
    for_each_decl<ast::justification_decl>(files, [&](const ast::justification_decl& d, const loaded_file& f) {
        check_justification(cx, d, f.root);
    });
    if (cx.prog.as_of) cx.roots.push_back({*cx.prog.as_of, cx.prog.symbols[*cx.prog.as_of].where, "'as_of'"});
}

void check_period_coverage(checker_context& cx) {
    if (!cx.prog.valid_from) return;
    for (symbol_id s = 0; s < cx.prog.symbols.size(); ++s) {
        const symbol& sym = cx.prog.symbols[s];
        if (sym.kind != symbol_kind::parameter || sym.is_table || sym.entries.empty() || !cx.prog.is_reached(s)) continue;
        // The versions follow each other without gaps, so only the first can start too late.
        const std::int64_t first = sym.entries.front().lo;
        if (first > *cx.prog.valid_from)
            cx.diags.error(sym.where, "parameter '" + sym.name + "' has no value before " +
                                          format_date(static_cast<day_number>(first)) + ", but the pack is valid from " +
                                          format_date(*cx.prog.valid_from) +
                                          "; give it a version for those dates, or compare the as-of date with a date "
                                          "parameter to say when a rule starts");
    }
}

}  // namespace trappe::detail
