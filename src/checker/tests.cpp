// Checks the test and profile blocks written beside the rules.

#include <algorithm>
#include <map>
#include <set>

#include "checker_context.hpp"
#include "trappe/common/value_range.hpp"

namespace trappe::detail {
namespace {

using assignment_map = std::map<symbol_id, const ast::assignment*>;

// The symbol `name` of kind `kind`, or an error "'x' is not an input" with the closest such name.
std::optional<symbol_id> find_of_kind(checker_context& cx, const ast::name_ref& name, symbol_kind kind) {
    const auto it = cx.symbol_names.find(name.text);
    if (it != cx.symbol_names.end() && cx.prog.symbols[it->second].kind == kind) return it->second;
    std::vector<std::string> names;
    if (cx.can_suggest(cx.prog.symbols.size()))
        for (const symbol& s : cx.prog.symbols)
            if (s.kind == kind) names.push_back(s.name);
    const std::string near = cx.suggest(name.text, names);
    cx.diags.error(name.where, "'" + name.text + "' is not " + (kind == symbol_kind::input ? "an input" : "a parameter") +
                                   (near.empty() ? "" : "; did you mean '" + near + "'?"));
    return std::nullopt;
}

// Resolves `field = value` lines onto inputs; later lines override earlier ones.
void apply(checker_context& cx, const std::vector<ast::assignment>& lines, assignment_map& into) {
    for (const ast::assignment& a : lines)
        if (const auto s = find_of_kind(cx, a.field, symbol_kind::input)) into[*s] = &a;
}

// `with { name = value }`: single-valued parameters, each a literal of its type.
void override_parameters(checker_context& cx, const std::vector<ast::assignment>& lines, test_case& tc) {
    for (const ast::assignment& a : lines) {
        const auto s = find_of_kind(cx, a.field, symbol_kind::parameter);
        if (!s) continue;
        const symbol& p = cx.prog.symbols[*s];
        if (p.is_table) {
            cx.diags.error(a.field.where, "'" + p.name + "' is a table; a test can only give a parameter one value");
            continue;
        }
        if (a.unassessed || a.upper || !a.members.empty() || p.type == builtin_type::string) {
            cx.diags.error(a.field.where, "a parameter in 'with' takes one value of its type");
            continue;
        }
        if (const auto v = constant_value(cx, a.value, p.type, "the value of '" + p.name + "'"))
            tc.parameters.push_back({*s, *v, a.field.where});
    }
}

// `= {a, b, ...}`: the exact set of possible values an undetermined result must have.
std::optional<value_range> expected_set(checker_context& cx, const ast::assignment& e, type_id type, const std::string& what) {
    std::vector<std::int64_t> values;
    for (const ast::expr& m : e.members)
        if (const auto v = constant_value(cx, m, type, what)) values.push_back(*v);
    if (values.size() != e.members.size()) return std::nullopt;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (*hi - *lo >= 64) {
        cx.diags.error(e.members.front().where, what + " is a set wider than 64 values; expect a range 'lo .. hi' instead");
        return std::nullopt;
    }
    std::uint64_t bits = 0;
    for (const std::int64_t v : values) bits |= std::uint64_t{1} << static_cast<unsigned>(v - *lo);
    return value_range::of_bits(*lo, bits);
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
    if (a.upper || !a.members.empty()) {  // only an expectation may be undetermined
        cx.diags.error(a.field.where, "a profile gives '" + s.name + "' one value or ikke_vurderet, not " +
                                          (a.upper ? "a range" : "a set"));
        return std::nullopt;
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

// Fields missing from a profile and from tests given it: one error at the profile,
// however many tests share the gap (adding an input must not give an error per test).
struct profile_gap {
    std::set<symbol_id> fields;
    std::size_t tests = 0;
};

std::string field_list(const checker_context& cx, const std::set<symbol_id>& fields) {
    std::string list;
    for (const symbol_id s : fields) list += (list.empty() ? "" : ", ") + cx.prog.symbols[s].name;
    return list;
}

constexpr const char* unassessed_hint = " (write 'field = ikke_vurderet' for an item not assessed)";

}  // namespace

void check_tests(checker_context& cx, const std::vector<loaded_file>& files) {
    std::map<std::string, std::pair<const ast::profile_decl*, assignment_map>> profiles;
    std::map<std::string, profile_gap> gaps;
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
            std::set<symbol_id> missing;
            for (symbol_id s = 0; s < cx.prog.symbols.size(); ++s) {
                // A field that nothing of the pack reaches is not read: a test need not give it.
                if (cx.prog.symbols[s].kind != symbol_kind::input || !cx.prog.is_reached(s)) continue;
                const auto it = given.find(s);
                if (it == given.end()) {
                    missing.insert(s);
                    continue;
                }
                if (auto v = field(cx, s, *it->second)) tc.given.push_back(std::move(*v));
            }
            if (!missing.empty() && t->base_profile) {
                profile_gap& gap = gaps[t->base_profile->text];
                gap.fields.insert(missing.begin(), missing.end());
                ++gap.tests;
            } else if (!missing.empty()) {
                cx.diags.error(t->where, "test '" + t->title + "' gives no value for: " + field_list(cx, missing) +
                                             unassessed_hint);
            }
            override_parameters(cx, t->parameters, tc);
            if (t->expect_error) tc.expect_error = find_of_kind(cx, *t->expect_error, symbol_kind::input);
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
                if (!e.members.empty()) {
                    if (auto set = expected_set(cx, e, type, what)) tc.expect.push_back({it->second, set->lo, set->hi, e.field.where, set->mask});
                    continue;
                }
                const auto lo = constant_value(cx, e.value, type, what);
                const auto hi = e.upper ? constant_value(cx, *e.upper, type, what) : lo;
                if (lo && hi && *lo >= *hi && e.upper)
                    cx.diags.error(e.upper->where, "an expected range needs its low end first");
                else if (lo && hi)
                    tc.expect.push_back({it->second, *lo, *hi, e.field.where});
            }
            if (cx.diags.error_count() == errors && missing.empty()) cx.prog.tests.push_back(std::move(tc));
        }
    }
    for (const auto& [name, gap] : gaps) {
        const ast::profile_decl& p = *profiles.at(name).first;
        cx.diags.error(p.where, "profile '" + name + "' gives no value for: " + field_list(cx, gap.fields) + "; " +
                                    std::to_string(gap.tests) + (gap.tests == 1 ? " test" : " tests") +
                                    " given it need them" + unassessed_hint);
    }
}

}  // namespace trappe::detail
