// Name resolution and type checking of expressions.

#include <algorithm>
#include <iterator>
#include <set>

#include "checker_context.hpp"

namespace trappe::detail {
namespace {

bool is_numeric(const checker_context& cx, type_id t) { return cx.prog.types[t].is_numeric(); }

class expression_checker {
public:
    expression_checker(checker_context& cx, std::optional<symbol_id> user) : cx_(cx), user_(user) {}

    checked_expr check(const ast::expr& e, std::optional<type_id> expected) {
        switch (e.kind) {
            case ast::expr_kind::integer: return constant(e, builtin_type::integer, e.number);
            case ast::expr_kind::date: return constant(e, builtin_type::date, e.number);
            case ast::expr_kind::boolean: return constant(e, builtin_type::boolean, e.number);
            case ast::expr_kind::string:
                cx_.diags.error(e.where, "text can only be used in explanation templates and test profiles");
                return constant(e, builtin_type::string, 0);
            case ast::expr_kind::name: return check_name(e, expected);
            case ast::expr_kind::negate: {
                checked_expr r = node(e, op::negate, builtin_type::integer);
                r.args.push_back(expect_numeric(e.args[0], "'-'"));
                return r;
            }
            case ast::expr_kind::logical_not: {
                checked_expr r = node(e, op::logical_not, builtin_type::boolean);
                r.args.push_back(expect_bool(e.args[0], "'not'"));
                return r;
            }
            case ast::expr_kind::binary: return check_binary(e);
            case ast::expr_kind::if_else: {
                checked_expr r = node(e, op::if_else, builtin_type::integer);
                r.args.push_back(expect_bool(e.args[0], "the condition of 'if'"));
                r.args.push_back(check(e.args[1], expected));
                r.args.push_back(check(e.args[2], expected ? expected : std::optional(r.args[1].type)));
                r.type = unify({&r.args[1], &r.args[2]}, expected, e.where, "the branches of 'if'");
                return r;
            }
            case ast::expr_kind::first: return check_first(e, expected);
            case ast::expr_kind::match: return check_match(e, expected);
            case ast::expr_kind::in_set: return check_in_set(e);
            case ast::expr_kind::call: return check_call(e);
        }
        return constant(e, builtin_type::integer, 0);
    }

private:
    static checked_expr node(const ast::expr& e, op kind, type_id type) {
        checked_expr r;
        r.kind = kind;
        r.type = type;
        r.where = e.where;
        return r;
    }

    static checked_expr constant(const ast::expr& e, type_id type, std::int64_t value) {
        checked_expr r = node(e, op::constant, type);
        r.value = value;
        return r;
    }

    // A bare name that is not a symbol: an enum or level value, resolved by the other side's type.
    bool is_value_name(const ast::expr& e) const {
        return e.kind == ast::expr_kind::name && !cx_.symbol_names.contains(e.text);
    }

    checked_expr check_name(const ast::expr& e, std::optional<type_id> expected) {
        // Compared with what closes a cycle: no type to resolve a value name by.
        if (expected && cx_.is_unknown(*expected) && !cx_.symbol_names.contains(e.text))
            return constant(e, *expected, 0);
        if (expected) {
            const type_info& t = cx_.prog.types[*expected];
            if (t.kind == type_kind::enumeration || t.kind == type_kind::level)
                if (const auto v = t.value_of(e.text)) return constant(e, *expected, *v);
        }
        const auto it = cx_.symbol_names.find(e.text);
        if (it == cx_.symbol_names.end()) {
            const std::string near =
                cx_.suggest_symbol(e.text, expected ? cx_.prog.types[*expected].value_names : std::vector<std::string>{});
            std::string message = "unknown name '" + e.text + "'";
            if (!near.empty()) message += "; did you mean '" + near + "'?";
            if (expected && cx_.prog.types[*expected].kind == type_kind::enumeration)
                message += " (expected a value of " + cx_.type_name(*expected) + ")";
            cx_.diags.error(e.where, message);
            return constant(e, expected.value_or(builtin_type::integer), 0);
        }
        const symbol_id s = it->second;
        cx_.record_use(user_, s, e.where);
        if (cx_.type_pending(s)) return node(e, op::symbol, cx_.unknown_type());
        cx_.ensure_checked(s);
        const symbol& sym = cx_.prog.symbols[s];
        if (sym.is_table)
            cx_.diags.error(e.where, "'" + e.text + "' is a table; look a value up with " + e.text + "(key)");
        checked_expr r = node(e, op::symbol, sym.type);
        r.symbol = s;
        return r;
    }

    checked_expr expect_bool(const ast::expr& e, const std::string& what) {
        checked_expr r = check(e, builtin_type::boolean);
        if (r.type != builtin_type::boolean && !cx_.is_unknown(r.type))
            cx_.diags.error(e.where, what + " needs a bool, not " + cx_.type_name(r.type));
        return r;
    }

    checked_expr expect_numeric(const ast::expr& e, const std::string& what) {
        checked_expr r = check(e, std::nullopt);
        if (!is_numeric(cx_, r.type))
            cx_.diags.error(e.where, what + " needs a number or level, not " + cx_.type_name(r.type));
        return r;
    }

    // The common type of branches: equal types, or numbers (the expected type if it is numeric).
    type_id unify(std::vector<const checked_expr*> branches, std::optional<type_id> expected, location where,
                  const std::string& what) {
        std::erase_if(branches, [&](const checked_expr* b) { return cx_.is_unknown(b->type); });
        if (branches.empty()) return expected.value_or(cx_.unknown_type());
        type_id t = branches.front()->type;
        bool all_same = true;
        bool all_numeric = true;
        for (const checked_expr* b : branches) {
            all_same = all_same && b->type == t;
            all_numeric = all_numeric && is_numeric(cx_, b->type);
        }
        if (all_same) return t;
        if (all_numeric) return expected && is_numeric(cx_, *expected) ? *expected : builtin_type::integer;
        for (const checked_expr* b : branches)
            if (b->type != t) {
                cx_.diags.error(where, what + " have different types: " + cx_.type_name(t) + " and " +
                                           cx_.type_name(b->type));
                break;
            }
        return expected.value_or(t);  // reported once; do not cascade into the declaration
    }

    bool comparable(type_id a, type_id b, ast::binary_op o) const {
        if (cx_.is_unknown(a) || cx_.is_unknown(b)) return true;
        if (is_numeric(cx_, a) && is_numeric(cx_, b)) return true;
        if (a != b) return false;
        const type_kind k = cx_.prog.types[a].kind;
        if (k == type_kind::enumeration || k == type_kind::date) return true;
        return k == type_kind::boolean && (o == ast::binary_op::eq || o == ast::binary_op::ne);
    }

    static op kind_of(ast::binary_op o) {
        static constexpr op ops[] = {op::add, op::sub, op::mul, op::eq, op::ne, op::lt,
                                     op::le,  op::gt,  op::ge,  op::logical_and, op::logical_or};
        return ops[static_cast<int>(o)];
    }

    static bool is_arithmetic(ast::binary_op o) {
        return o == ast::binary_op::add || o == ast::binary_op::sub || o == ast::binary_op::mul;
    }

    static bool is_chain(const ast::expr& e) {
        return e.kind == ast::expr_kind::binary &&
               (is_arithmetic(e.op) || e.op == ast::binary_op::logical_and || e.op == ast::binary_op::logical_or);
    }

    // An operand of arithmetic or and/or, checked against what `parent` needs.
    checked_expr chain_operand(const ast::expr& parent, const ast::expr& operand) {
        if (is_arithmetic(parent.op)) return expect_numeric(operand, "arithmetic");
        return expect_bool(operand, parent.op == ast::binary_op::logical_and ? "'and'" : "'or'");
    }

    // `a + b + c ...` and `a and b and ...` are left-deep trees as deep as their terms
    // (up to max_expression_terms, far more than the nesting depth), so the left spine
    // is walked with a loop and only the right operands recurse. Diagnostics come in
    // the same order as a recursive walk.
    checked_expr check_chain(const ast::expr& e) {
        std::vector<const ast::expr*> spine;
        for (const ast::expr* n = &e; is_chain(*n); n = &n->args[0]) spine.push_back(n);
        checked_expr left = chain_operand(*spine.back(), spine.back()->args[0]);
        for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
            const ast::expr& n = **it;
            checked_expr r = node(n, kind_of(n.op), is_arithmetic(n.op) ? builtin_type::integer : builtin_type::boolean);
            r.args.push_back(std::move(left));
            r.args.push_back(chain_operand(n, n.args[1]));
            left = std::move(r);
            // `left` is the left operand of the next node up: check it as that node needs.
            if (std::next(it) != spine.rend()) expect_operand_type(**std::next(it), n, left);
        }
        return left;
    }

    void expect_operand_type(const ast::expr& parent, const ast::expr& operand, const checked_expr& r) {
        if (is_arithmetic(parent.op)) {
            if (!is_numeric(cx_, r.type))
                cx_.diags.error(operand.where, "arithmetic needs a number or level, not " + cx_.type_name(r.type));
        } else if (r.type != builtin_type::boolean && !cx_.is_unknown(r.type)) {
            const std::string what = parent.op == ast::binary_op::logical_and ? "'and'" : "'or'";
            cx_.diags.error(operand.where, what + " needs a bool, not " + cx_.type_name(r.type));
        }
    }

    checked_expr check_binary(const ast::expr& e) {
        if (is_chain(e)) return check_chain(e);
        const op kind = kind_of(e.op);
        // Comparison: a bare value name takes the type of the other side.
        checked_expr r = node(e, kind, builtin_type::boolean);
        if (is_value_name(e.args[0]) && !is_value_name(e.args[1])) {
            checked_expr rhs = check(e.args[1], std::nullopt);
            r.args.push_back(check(e.args[0], rhs.type));
            r.args.push_back(std::move(rhs));
        } else {
            r.args.push_back(check(e.args[0], std::nullopt));
            r.args.push_back(check(e.args[1], r.args[0].type));
        }
        if (!comparable(r.args[0].type, r.args[1].type, e.op))
            cx_.diags.error(e.where, "cannot compare " + cx_.type_name(r.args[0].type) + " with " +
                                         cx_.type_name(r.args[1].type));
        return r;
    }

    checked_expr check_first(const ast::expr& e, std::optional<type_id> expected) {
        checked_expr r = node(e, op::first, builtin_type::integer);
        r.labels = e.labels;
        std::vector<const checked_expr*> values;
        std::set<std::string> labels;
        for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
            const std::string& label = e.labels[i / 2];
            if (!label.empty() && !labels.insert(label).second)
                cx_.diags.error(e.args[i].where, "rule label '" + label + "' is used twice in this list");
            r.args.push_back(expect_bool(e.args[i], "a rule's condition"));
            r.args.push_back(check(e.args[i + 1], expected));
        }
        r.args.push_back(check(e.args.back(), expected));
        for (std::size_t i = 1; i < r.args.size(); i += 2) values.push_back(&r.args[i]);
        values.push_back(&r.args.back());
        r.type = unify(values, expected, e.where, "the results of 'first'");
        return r;
    }

    checked_expr check_match(const ast::expr& e, std::optional<type_id> expected) {
        checked_expr r = node(e, op::match, builtin_type::integer);
        r.args.push_back(check(e.args[0], std::nullopt));
        const type_id subject = r.args[0].type;
        if (cx_.is_unknown(subject)) return unmatched_arms(e, expected, std::move(r));
        const type_info& st = cx_.prog.types[subject];
        if (st.kind != type_kind::enumeration && st.kind != type_kind::level && st.kind != type_kind::boolean) {
            cx_.diags.error(e.args[0].where, "'match' needs an enum, level or bool, not " + cx_.type_name(subject));
            return r;
        }
        std::vector<std::optional<location>> covered(static_cast<std::size_t>(st.hi - st.lo + 1));
        bool has_otherwise = false;
        for (std::size_t arm = 0; arm < e.arm_keys.size(); ++arm) {
            std::vector<std::int64_t> keys;
            if (e.arm_keys[arm].empty()) has_otherwise = true;
            for (const ast::name_ref& k : e.arm_keys[arm]) {
                auto v = st.value_of(k.text);
                if (v && (*v < st.lo || *v > st.hi)) v.reset();  // a type with more names than values (reported there)
                if (!v) {
                    const std::string near = cx_.suggest(k.text, st.value_names);
                    cx_.diags.error(k.where, "'" + k.text + "' is not a value of " + cx_.type_name(subject) +
                                                 (near.empty() || near == k.text ? "" : "; did you mean '" + near + "'?"));
                    continue;
                }
                auto& seen = covered[static_cast<std::size_t>(*v - st.lo)];
                if (seen)
                    cx_.diags.error(k.where, "'" + k.text + "' is matched twice", {{*seen, "first matched here"}});
                seen = k.where;
                keys.push_back(*v);
            }
            r.keys.push_back(std::move(keys));
            r.args.push_back(check(e.args[arm + 1], expected));
        }
        if (!has_otherwise) report_uncovered(e, st, covered);
        std::vector<const checked_expr*> values;
        for (std::size_t i = 1; i < r.args.size(); ++i) values.push_back(&r.args[i]);
        if (!values.empty()) r.type = unify(values, expected, e.where, "the arms of 'match'");
        return r;
    }

    // A match on what closes a cycle: its keys cannot be resolved, its arms are still checked.
    checked_expr unmatched_arms(const ast::expr& e, std::optional<type_id> expected, checked_expr r) {
        std::vector<const checked_expr*> values;
        for (std::size_t arm = 0; arm < e.arm_keys.size(); ++arm) {
            r.keys.emplace_back();
            r.args.push_back(check(e.args[arm + 1], expected));
        }
        for (std::size_t i = 1; i < r.args.size(); ++i) values.push_back(&r.args[i]);
        r.type = unify(values, expected, e.where, "the arms of 'match'");
        return r;
    }

    // Names every value no arm covers, as the rule author writes them.
    void report_uncovered(const ast::expr& e, const type_info& st, const std::vector<std::optional<location>>& covered) {
        std::vector<std::string> missing;
        for (std::size_t i = 0; i < covered.size(); ++i) {
            if (covered[i]) continue;
            const std::int64_t v = st.lo + static_cast<std::int64_t>(i);
            const std::string& name = st.value_name(v);
            missing.push_back(name.empty() ? std::to_string(v) : name);
        }
        if (missing.empty()) return;
        std::string list = missing.front();
        for (std::size_t i = 1; i < missing.size(); ++i) list += (i + 1 == missing.size() ? " and " : ", ") + missing[i];
        cx_.diags.error(e.where, "'match' does not cover " + list + " (add " +
                                     (missing.size() == 1 ? "an arm" : "arms") + " or 'otherwise')");
    }

    checked_expr check_in_set(const ast::expr& e) {
        checked_expr r = node(e, op::in_set, builtin_type::boolean);
        r.args.push_back(check(e.args[0], std::nullopt));
        std::vector<std::int64_t> members;
        for (std::size_t i = 1; i < e.args.size(); ++i) {
            checked_expr m = check(e.args[i], r.args[0].type);
            if (m.kind != op::constant) {
                cx_.diags.error(e.args[i].where, "members of a set must be values, not computed");
                continue;
            }
            if (!comparable(r.args[0].type, m.type, ast::binary_op::eq))
                cx_.diags.error(e.args[i].where, "a set of " + cx_.type_name(r.args[0].type) + " cannot hold " +
                                                     cx_.type_name(m.type));
            members.push_back(m.value);
        }
        std::sort(members.begin(), members.end());
        members.erase(std::unique(members.begin(), members.end()), members.end());
        r.keys.push_back(std::move(members));
        return r;
    }

    void expect_arity(const ast::expr& e, std::size_t n) {
        if (e.args.size() != n)
            cx_.diags.error(e.where, "'" + e.text + "' takes " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") +
                                         ", not " + std::to_string(e.args.size()));
    }

    checked_expr expect_type(const ast::expr& e, type_id t, const std::string& what) {
        checked_expr r = check(e, t);
        if (r.type != t && !cx_.is_unknown(r.type))
            cx_.diags.error(e.where, what + " needs " + cx_.type_name(t) + ", not " + cx_.type_name(r.type));
        return r;
    }

    checked_expr check_call(const ast::expr& e) {
        const std::string& f = e.text;
        if (f == "known") {
            checked_expr r = node(e, op::known, builtin_type::boolean);
            expect_arity(e, 1);
            if (e.args.size() == 1) {
                const ast::expr& a = e.args[0];
                const auto it = a.kind == ast::expr_kind::name ? cx_.symbol_names.find(a.text) : cx_.symbol_names.end();
                if (it == cx_.symbol_names.end() || cx_.prog.symbols[it->second].kind != symbol_kind::input) {
                    cx_.diags.error(a.where, "known() takes the name of an input");
                } else {
                    r.symbol = it->second;
                    cx_.record_use(user_, it->second, a.where);
                }
            }
            return r;
        }
        if (f == "max" || f == "min") {
            checked_expr r = node(e, f == "max" ? op::max : op::min, builtin_type::integer);
            if (e.args.empty()) cx_.diags.error(e.where, "'" + f + "' needs at least one argument");
            std::vector<const checked_expr*> values;
            for (const ast::expr& a : e.args) r.args.push_back(check(a, std::nullopt));
            for (const checked_expr& a : r.args) {
                values.push_back(&a);
                const type_kind k = cx_.prog.types[a.type].kind;
                if (!is_numeric(cx_, a.type) && k != type_kind::enumeration && k != type_kind::date)
                    cx_.diags.error(a.where, "'" + f + "' needs ordered values, not " + cx_.type_name(a.type));
            }
            if (!values.empty()) r.type = unify(values, std::nullopt, e.where, "the arguments of '" + f + "'");
            return r;
        }
        if (f == "count") {
            checked_expr r = node(e, op::count, builtin_type::integer);
            if (e.args.empty()) cx_.diags.error(e.where, "'count' needs at least one condition");
            for (const ast::expr& a : e.args) r.args.push_back(expect_bool(a, "'count'"));
            return r;
        }
        if (f == "age") {
            checked_expr r = node(e, op::age, builtin_type::integer);
            expect_arity(e, 2);
            for (const ast::expr& a : e.args) r.args.push_back(expect_type(a, builtin_type::date, "'age'"));
            return r;
        }
        if (f == "add_months" || f == "add_days") {
            checked_expr r = node(e, f == "add_months" ? op::add_months : op::add_days, builtin_type::date);
            expect_arity(e, 2);
            if (e.args.size() == 2) {
                r.args.push_back(expect_type(e.args[0], builtin_type::date, "'" + f + "'"));
                r.args.push_back(expect_numeric(e.args[1], "'" + f + "'"));
            }
            return r;
        }
        const auto it = cx_.symbol_names.find(f);
        if (it != cx_.symbol_names.end() && cx_.prog.symbols[it->second].is_table) {
            const symbol& table = cx_.prog.symbols[it->second];
            cx_.record_use(user_, it->second, e.where);
            checked_expr r = node(e, op::lookup, table.type);
            r.symbol = it->second;
            expect_arity(e, 1);
            if (e.args.size() == 1) {
                r.args.push_back(check(e.args[0], table.table_key));
                // The exact key type: the checker proved the table covers every value of it.
                if (r.args[0].type != table.table_key && !cx_.is_unknown(r.args[0].type))
                    cx_.diags.error(e.args[0].where, "table '" + f + "' is keyed by " + cx_.type_name(table.table_key) +
                                                         ", not " + cx_.type_name(r.args[0].type));
            }
            return r;
        }
        std::vector<std::string> functions = {"known", "max", "min", "count", "age", "add_months", "add_days"};
        if (cx_.can_suggest(cx_.prog.symbols.size()))
            for (const symbol& s : cx_.prog.symbols)
                if (s.is_table) functions.push_back(s.name);
        const std::string near = cx_.suggest(f, functions);
        cx_.diags.error(e.where, "unknown function '" + f + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
        return node(e, op::constant, builtin_type::integer);
    }

    checker_context& cx_;
    std::optional<symbol_id> user_;
};

}  // namespace

checked_expr check_expression(checker_context& cx, const ast::expr& e, std::optional<symbol_id> user,
                              std::optional<type_id> expected) {
    return expression_checker(cx, user).check(e, expected);
}

std::optional<std::int64_t> constant_value(checker_context& cx, const ast::expr& e, type_id type, std::string_view what) {
    if (cx.is_unknown(type)) return std::nullopt;  // the type of a cycle, reported there
    const type_info& t = cx.prog.types[type];
    if (e.kind == ast::expr_kind::string) {
        if (t.kind == type_kind::string) return 0;
        cx.diags.error(e.where, std::string(what) + " of type " + cx.type_name(type) + " cannot be text");
        return std::nullopt;
    }
    const std::size_t errors = cx.diags.error_count();
    checked_expr c = check_expression(cx, e, std::nullopt, type);
    if (cx.diags.error_count() != errors) return std::nullopt;
    if (c.kind == op::negate && c.args[0].kind == op::constant) {
        c.kind = op::constant;
        c.value = -c.args[0].value;
    }
    if (c.kind != op::constant) {
        cx.diags.error(e.where, std::string(what) + " must be a literal value");
        return std::nullopt;
    }
    const bool compatible = c.type == type || (t.is_numeric() && cx.prog.types[c.type].is_numeric());
    if (!compatible) {
        cx.diags.error(e.where, std::string(what) + " must be " + cx.type_name(type) + ", not " + cx.type_name(c.type));
        return std::nullopt;
    }
    if ((t.kind == type_kind::level || t.bounded) && (c.value < t.lo || c.value > t.hi)) {
        cx.diags.error(e.where, std::string(what) + " is outside " + cx.type_name(type) + " (" + std::to_string(t.lo) +
                                    ".." + std::to_string(t.hi) + ")");
        return std::nullopt;
    }
    return c.value;
}

std::vector<symbol_id> check_template(checker_context& cx, const std::string& text, location where,
                                      const std::vector<std::string>& extra) {
    std::vector<symbol_id> shown;
    std::size_t column_offset = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column_offset;
        if (text[i] != '{') continue;
        const std::size_t close = text.find('}', i);
        location at = where;
        at.column += static_cast<std::uint32_t>(column_offset);  // `where` is the opening quote
        if (close == std::string::npos) {
            cx.diags.error(at, "unclosed '{' in template");
            return shown;
        }
        std::string name = text.substr(i + 1, close - i - 1);
        if (std::find(extra.begin(), extra.end(), name) != extra.end()) continue;
        if (name.rfind("hvorfor:", 0) == 0) name = name.substr(8);  // the explanation of a name
        const auto it = cx.symbol_names.find(name);
        if (it == cx.symbol_names.end()) {
            const std::string near = cx.suggest_symbol(name);
            cx.diags.error(at, "unknown name '" + name + "' in template" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
        } else {
            // Templates are rendered after evaluation: a use, but no dependency edge.
            cx.record_use(std::nullopt, it->second, at);
            shown.push_back(it->second);
        }
    }
    return shown;
}

}  // namespace trappe::detail
