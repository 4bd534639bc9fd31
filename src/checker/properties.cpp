// Checks the pack's `property` declarations and keeps them in the program.

#include <map>

#include "checker_context.hpp"

namespace trappe::detail {
namespace {

// Types whose values `monotone` can compare: levels, integers, enums (in their
// declared order) and booleans (false before true).
bool is_ordered(const type_info& t) {
    return t.kind == type_kind::boolean || t.kind == type_kind::integer || t.kind == type_kind::level ||
           t.kind == type_kind::enumeration;
}

constexpr const char* not_computed =
    " is not computed: no output, offer or recommendation of this pack uses it (list it in 'output' to state a "
    "property of it)";
constexpr const char* not_a_field =
    " is not a profile field: no output, offer or recommendation of this pack reads it";

std::string not_reached(const symbol& s) {
    return s.kind == symbol_kind::input ? "input '" + s.name + "'" + not_a_field : "'" + s.name + "'" + not_computed;
}

class property_checker {
public:
    explicit property_checker(checker_context& cx) : cx_(cx) {}

    void check(const ast::property_decl& d) {
        const std::size_t errors = cx_.diags.error_count();
        property p;
        p.label = d.label;
        p.text = d.text;
        p.where = d.where;
        if (d.monotone) {
            p.kind = property::kind_t::monotone;
            check_monotone_result(d.result, p);
            check_inputs(d.inputs, p);
        } else {
            p.kind = property::kind_t::implies;
            p.premise = check_bool(d.premise, "the premise of 'implies'");
            p.conclusion = check_bool(d.conclusion, "the conclusion of 'implies'");
        }
        if (cx_.diags.error_count() == errors) cx_.prog.properties.push_back(std::move(p));
    }

private:
    std::optional<symbol_id> find(const ast::name_ref& n) {
        const auto it = cx_.symbol_names.find(n.text);
        if (it != cx_.symbol_names.end()) return it->second;
        const std::string near = cx_.suggest_symbol(n.text);
        cx_.diags.error(n.where, "unknown name '" + n.text + "' in 'property'" +
                                     (near.empty() ? "" : "; did you mean '" + near + "'?"));
        return std::nullopt;
    }

    void check_monotone_result(const ast::name_ref& n, property& p) {
        const auto s = find(n);
        if (!s) return;
        const symbol& sym = cx_.prog.symbols[*s];
        cx_.record_use(std::nullopt, *s, n.where);
        if (sym.kind != symbol_kind::definition) {
            cx_.diags.error(n.where, "'" + n.text + "' is " + (sym.kind == symbol_kind::input ? "an input" : "a parameter") +
                                         "; 'monotone' needs a result the rules compute (a definition)");
            return;
        }
        if (!is_ordered(cx_.prog.types[sym.type])) {
            cx_.diags.error(n.where, "'monotone' needs a result of an ordered type (a level, an integer, an enum or a "
                                     "bool), and '" + n.text + "' is " + cx_.type_name(sym.type));
            return;
        }
        if (!cx_.prog.is_reached(*s)) {
            cx_.diags.error(n.where, not_reached(sym));
            return;
        }
        p.result = *s;
    }

    void check_inputs(const std::vector<ast::name_ref>& names, property& p) {
        std::map<symbol_id, location> listed;
        for (const ast::name_ref& n : names) {
            const auto it = cx_.symbol_names.find(n.text);
            if (it == cx_.symbol_names.end() || cx_.prog.symbols[it->second].kind != symbol_kind::input) {
                std::vector<std::string> inputs;
                if (cx_.can_suggest(cx_.prog.symbols.size()))
                    for (const symbol& s : cx_.prog.symbols)
                        if (s.kind == symbol_kind::input) inputs.push_back(s.name);
                const std::string near = cx_.suggest(n.text, inputs);
                cx_.diags.error(n.where, "'" + n.text + "' is not an input; 'monotone' lists profile fields" +
                                             (near.empty() ? "" : "; did you mean '" + near + "'?"));
                continue;
            }
            const symbol_id s = it->second;
            const symbol& sym = cx_.prog.symbols[s];
            cx_.record_use(std::nullopt, s, n.where);
            if (const auto [first, inserted] = listed.emplace(s, n.where); !inserted) {
                cx_.diags.error(n.where, "'" + n.text + "' is listed twice", {{first->second, "first listed here"}});
                continue;
            }
            const type_info& t = cx_.prog.types[sym.type];
            if (!is_ordered(t) || (t.kind == type_kind::integer && !t.bounded)) {
                cx_.diags.error(n.where, "'monotone' compares an input's neighbouring values: it needs a level, an "
                                         "enum, a bool or an integer range, and '" + n.text + "' is " +
                                         cx_.type_name(sym.type));
                continue;
            }
            if (!cx_.prog.is_reached(s)) {
                cx_.diags.error(n.where, not_reached(sym));
                continue;
            }
            p.inputs.push_back(s);
        }
    }

    checked_expr check_bool(const ast::expr& e, const std::string& what) {
        checked_expr r = check_expression(cx_, e, std::nullopt, builtin_type::boolean);
        if (r.type != builtin_type::boolean && !cx_.is_unknown(r.type)) {
            cx_.diags.error(e.where, what + " needs a bool, not " + cx_.type_name(r.type));
            return r;
        }
        // The plan computes only what the pack reaches; a property reads what is computed.
        std::vector<const checked_expr*> pending = {&r};
        std::map<symbol_id, bool> reported;
        while (!pending.empty()) {
            const checked_expr* x = pending.back();
            pending.pop_back();
            if ((x->kind == op::symbol || x->kind == op::known || x->kind == op::lookup) && !cx_.prog.is_reached(x->symbol) &&
                !reported[x->symbol]) {
                reported[x->symbol] = true;
                cx_.diags.error(x->where, not_reached(cx_.prog.symbols[x->symbol]));
            }
            for (const checked_expr& a : x->args) pending.push_back(&a);
        }
        return r;
    }

    checker_context& cx_;
};

}  // namespace

void check_properties(checker_context& cx, const std::vector<loaded_file>& files) {
    property_checker checker(cx);
    for_each_decl<ast::property_decl>(files, [&](const ast::property_decl& d, const loaded_file& f) {
        if (f.root) checker.check(d);  // an imported pack's properties are its own to verify
    });
}

}  // namespace trappe::detail
