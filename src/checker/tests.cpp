// Checks the test and profile blocks written beside the rules.

#include <map>

#include "checker_context.hpp"

namespace trappe::detail {
namespace {

using assignment_map = std::map<symbol_id, const ast::assignment*>;

// Resolves `field = value` lines onto inputs; later lines override earlier ones.
void apply(checker_context& cx, const std::vector<ast::assignment>& lines, assignment_map& into) {
    for (const ast::assignment& a : lines) {
        const auto it = cx.symbol_names.find(a.field.text);
        if (it == cx.symbol_names.end() || cx.prog.symbols[it->second].kind != symbol_kind::input) {
            std::vector<std::string> inputs;
            if (cx.can_suggest(cx.prog.symbols.size()))
                for (const symbol& s : cx.prog.symbols)
                    if (s.kind == symbol_kind::input) inputs.push_back(s.name);
            const std::string near = cx.suggest(a.field.text, inputs);
            cx.diags.error(a.field.where, "'" + a.field.text + "' is not an input" +
                                              (near.empty() ? "" : "; did you mean '" + near + "'?"));
            continue;
        }
        into[it->second] = &a;
    }
}

std::optional<field_value> field(checker_context& cx, symbol_id input, const ast::assignment& a) {
    const symbol& s = cx.prog.symbols[input];
    field_value f;
    f.input = input;
    if (a.unassessed) {
        if (s.required) {
            cx.diags.error(a.field.where, "'" + s.name + "' is required and cannot be ikke_vurderet");
            return std::nullopt;
        }
        return f;
    }
    if (s.type == builtin_type::string) {
        if (a.value.kind != ast::expr_kind::string) {
            cx.diags.error(a.value.where, "'" + s.name + "' needs text in quotes");
            return std::nullopt;
        }
        f.text = a.value.text;
        f.value = 0;
        return f;
    }
    f.value = constant_value(cx, a.value, s.type, "the value of '" + s.name + "'");
    if (!f.value) return std::nullopt;
    return f;
}

}  // namespace

void check_tests(checker_context& cx, const std::vector<loaded_file>& files) {
    std::map<std::string, std::pair<const ast::profile_decl*, assignment_map>> profiles;
    for (const loaded_file& f : files) {
        if (!f.root) continue;  // tests of imported packs assume their own definitions
        for (const ast::declaration& d : f.syntax.declarations) {
            if (const auto* p = std::get_if<ast::profile_decl>(&d)) {
                auto [it, inserted] = profiles.try_emplace(p->name, p, assignment_map{});
                if (!inserted) {
                    cx.diags.error(p->where, "duplicate profile '" + p->name + "'", {{it->second.first->where, "first here"}});
                    continue;
                }
                apply(cx, p->fields, it->second.second);
            }
        }
    }
    for (const loaded_file& f : files) {
        if (!f.root) continue;
        for (const ast::declaration& d : f.syntax.declarations) {
            const auto* t = std::get_if<ast::test_decl>(&d);
            if (t == nullptr) continue;
            const std::size_t errors = cx.diags.error_count();
            assignment_map given;
            if (t->base_profile) {
                const auto it = profiles.find(t->base_profile->text);
                if (it == profiles.end()) {
                    std::vector<std::string> names;
                    if (cx.can_suggest(profiles.size()))
                        for (const auto& [name, _] : profiles) names.push_back(name);
                    const std::string near = cx.suggest(t->base_profile->text, names);
                    cx.diags.error(t->base_profile->where, "unknown profile '" + t->base_profile->text + "'" +
                                                               (near.empty() ? "" : "; did you mean '" + near + "'?"));
                    continue;
                }
                given = it->second.second;
            }
            apply(cx, t->given, given);
            test_case tc;
            tc.title = t->title;
            tc.where = t->where;
            std::string missing;
            for (symbol_id s = 0; s < cx.prog.symbols.size(); ++s) {
                // A field that nothing of the pack reaches is not read: a test need not give it.
                if (cx.prog.symbols[s].kind != symbol_kind::input || !cx.prog.is_reached(s)) continue;
                const auto it = given.find(s);
                if (it == given.end()) {
                    missing += (missing.empty() ? "" : ", ") + cx.prog.symbols[s].name;
                    continue;
                }
                if (auto v = field(cx, s, *it->second)) tc.given.push_back(std::move(*v));
            }
            if (!missing.empty())
                cx.diags.error(t->where, "test '" + t->title + "' gives no value for: " + missing +
                                             " (write 'field = ikke_vurderet' for an item not assessed)");
            for (const ast::assignment& e : t->expect) {
                const auto it = cx.symbol_names.find(e.field.text);
                if (it == cx.symbol_names.end()) {
                    const std::string near = cx.suggest_symbol(e.field.text);
                    cx.diags.error(e.field.where, "unknown name '" + e.field.text + "'" +
                                                      (near.empty() ? "" : "; did you mean '" + near + "'?"));
                    continue;
                }
                if (!cx.prog.is_reached(it->second)) {
                    cx.diags.error(e.field.where, "'" + e.field.text + "' is not computed: no output, offer or "
                                                  "recommendation of this pack uses it (list it in 'output' to test it)");
                    continue;
                }
                if (e.unassessed) {
                    cx.diags.error(e.field.where, "expect a value or a range, not ikke_vurderet");
                    continue;
                }
                const type_id type = cx.prog.symbols[it->second].type;
                const std::string what = "the expected value of '" + e.field.text + "'";
                const auto lo = constant_value(cx, e.value, type, what);
                const auto hi = e.upper ? constant_value(cx, *e.upper, type, what) : lo;
                if (lo && hi && *lo >= *hi && e.upper)
                    cx.diags.error(e.upper->where, "an expected range needs its low end first");
                else if (lo && hi)
                    tc.expect.push_back({it->second, *lo, *hi, e.field.where});
            }
            if (cx.diags.error_count() == errors) cx.prog.tests.push_back(std::move(tc));
        }
    }
}

}  // namespace trappe::detail
