#pragma once
// Expressions. ast::expr is one node type with a kind tag, so the actions here
// build nodes (and fold `a op b op c` into a left-deep tree); positions come
// from the rule IDs (annotate_position), limits from nesting.hpp. Included by
// expression.cpp only.

#include <boost/fusion/include/for_each.hpp>

#include "parser/expression.hpp"
#include "parser/lexemes.hpp"
#include "parser/nesting.hpp"

namespace trappe::grammar {

// One `op operand` of a chain (X3's calc example).
struct operation {
    ast::binary_op op;
    ast::expr operand;
};

// One `label: condition -> value` of a `first`; the label is optional.
struct rule_arm {
    std::optional<std::string> label;
    ast::expr condition;
    ast::expr value;
};

// One `a, b -> value` of a `match`; no keys for `otherwise`.
struct match_arm {
    std::vector<ast::name_ref> keys;
    ast::expr value;
};

}  // namespace trappe::grammar

BOOST_FUSION_ADAPT_STRUCT(trappe::grammar::operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(trappe::grammar::rule_arm, label, condition, value)
BOOST_FUSION_ADAPT_STRUCT(trappe::grammar::match_arm, keys, value)

namespace trappe::grammar {

// ---------------------------------------------------------------- node builders

inline void append(std::vector<ast::expr>& args, ast::expr& e) { args.push_back(std::move(e)); }
inline void append(std::vector<ast::expr>& args, std::vector<ast::expr>& list) {
    for (ast::expr& e : list) args.push_back(std::move(e));
}
template <typename T>
void append(std::vector<ast::expr>& args, boost::optional<T>& o) {
    if (o) append(args, *o);
}
template <typename Sequence>
void append(std::vector<ast::expr>& args, Sequence& s) {
    boost::fusion::for_each(s, [&args](auto& e) { append(args, e); });
}

// A node of `Kind` whose arguments are the expressions parsed.
template <ast::expr_kind Kind>
const auto node = [](auto& ctx) {
    ast::expr e;
    e.kind = Kind;
    append(e.args, x3::_attr(ctx));
    x3::_val(ctx) = std::move(e);
};

// A literal node of `Kind`: its value is the number parsed.
template <ast::expr_kind Kind>
const auto number_node = [](auto& ctx) {
    ast::expr e;
    e.kind = Kind;
    e.number = x3::_attr(ctx);
    x3::_val(ctx) = std::move(e);
};

// A node of `Kind` named by the text parsed (a string literal or a name).
template <ast::expr_kind Kind>
const auto text_node = [](auto& ctx) {
    ast::expr e;
    e.kind = Kind;
    e.text = std::move(x3::_attr(ctx));
    x3::_val(ctx) = std::move(e);
};

// `lhs op rhs op rhs ...`: a left-deep tree, folded as each `op rhs` is parsed (so
// no list of operations is held on the stack); each node sits at its left operand.
inline ast::expr fold(ast::expr lhs, operation& o) {
    ast::expr e;
    e.kind = ast::expr_kind::binary;
    e.op = o.op;
    e.where = lhs.where;
    e.args.push_back(std::move(lhs));
    e.args.push_back(std::move(o.operand));
    return e;
}
const auto fold_one = [](auto& ctx) { x3::_val(ctx) = fold(std::move(x3::_val(ctx)), x3::_attr(ctx)); };

// `x in {a, b}`: the node (at `in`) gets the subject as its first argument.
const auto fold_in = [](auto& ctx) {
    ast::expr e = std::move(x3::_attr(ctx));
    e.args.insert(e.args.begin(), std::move(x3::_val(ctx)));
    x3::_val(ctx) = std::move(e);
};

const auto assign = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };

const auto make_first = [](auto& ctx) {
    ast::expr e;
    e.kind = ast::expr_kind::first;
    for (rule_arm& arm : boost::fusion::at_c<0>(x3::_attr(ctx))) {
        e.labels.push_back(arm.label.value_or(std::string()));
        e.args.push_back(std::move(arm.condition));
        e.args.push_back(std::move(arm.value));
    }
    e.args.push_back(std::move(boost::fusion::at_c<1>(x3::_attr(ctx))));  // otherwise
    x3::_val(ctx) = std::move(e);
};

const auto make_match = [](auto& ctx) {
    ast::expr e;
    e.kind = ast::expr_kind::match;
    e.args.push_back(std::move(boost::fusion::at_c<0>(x3::_attr(ctx))));  // the subject
    for (match_arm& arm : boost::fusion::at_c<1>(x3::_attr(ctx))) {
        e.arm_keys.push_back(std::move(arm.keys));
        e.args.push_back(std::move(arm.value));
    }
    x3::_val(ctx) = std::move(e);
};

const auto make_call = [](auto& ctx) {
    ast::expr e;
    e.kind = ast::expr_kind::call;
    e.text = std::move(boost::fusion::at_c<0>(x3::_attr(ctx)));
    append(e.args, boost::fusion::at_c<1>(x3::_attr(ctx)));
    x3::_val(ctx) = std::move(e);
};

// ---------------------------------------------------------------- rules

struct or_operation_id : count_term {};
struct and_operation_id : count_term {};
struct compare_operation_id : count_term {};
struct additive_operation_id : count_term {};
struct multiplicative_operation_id : count_term {};
struct in_members_id : annotate_position {};
struct logical_not_id : annotate_position {};
struct negation_id : annotate_position {};
struct atom_id : annotate_position {};

const expression_type expression = "expression";
const x3::rule<class or_id, ast::expr> or_expr = "expression";
const x3::rule<class and_id, ast::expr> and_expr = "expression";
const x3::rule<class not_id, ast::expr> not_expr = "expression";
const x3::rule<class compare_id, ast::expr> compare_expr = "expression";
const x3::rule<class additive_id, ast::expr> additive_expr = "expression";
const x3::rule<class multiplicative_id, ast::expr> multiplicative_expr = "expression";
const x3::rule<class unary_id, ast::expr> unary_expr = "expression";
const x3::rule<class primary_id, ast::expr> primary_expr = "expression";
const x3::rule<atom_id, ast::expr> atom_expr = "expression";
const x3::rule<logical_not_id, ast::expr> logical_not = "expression";
const x3::rule<negation_id, ast::expr> negation = "expression";
const x3::rule<class not_node_id, ast::expr> not_node = "expression";
const x3::rule<class negate_node_id, ast::expr> negate_node = "expression";
const x3::rule<class in_node_id, ast::expr> in_node = "expression";
const x3::rule<class date_node_id, ast::expr> date_node = "date";
const x3::rule<class integer_node_id, ast::expr> integer_node = "integer";
const x3::rule<class string_node_id, ast::expr> string_node = "string";
const x3::rule<class boolean_node_id, ast::expr> boolean_node = "expression";
const x3::rule<class name_node_id, ast::expr> name_node = "name";
const x3::rule<or_operation_id, operation> or_operation = "expression";
const x3::rule<and_operation_id, operation> and_operation = "expression";
const x3::rule<compare_operation_id, operation> compare_operation = "expression";
const x3::rule<additive_operation_id, operation> additive_operation = "expression";
const x3::rule<multiplicative_operation_id, operation> multiplicative_operation = "expression";
const x3::rule<in_members_id, ast::expr> in_members = "expression";
const expression_list_type expression_list = "expression";
const x3::rule<class if_id, ast::expr> if_expr = "if";
const x3::rule<class first_id, ast::expr> first_expr = "first";
const x3::rule<class rule_arm_id, rule_arm> first_arm = "rule";
const x3::rule<class match_id, ast::expr> match_expr = "match";
const x3::rule<class match_arm_id, match_arm> match_arm_rule = "match arm";
const x3::rule<class call_id, ast::expr> call_expr = "call";

struct comparison_ops : x3::symbols<ast::binary_op> {
    comparison_ops() {
        add("<=", ast::binary_op::le)(">=", ast::binary_op::ge)("!=", ast::binary_op::ne)("<", ast::binary_op::lt)(
            ">", ast::binary_op::gt)("=", ast::binary_op::eq);
    }
} const comparison_op;

const auto additive_op = x3::rule<class additive_op_id, ast::binary_op>{"'+' or '-'"} =
    (x3::lit('+') >> x3::attr(ast::binary_op::add)) | (minus_sign >> x3::attr(ast::binary_op::sub));

const auto expression_def = nested[or_expr];

const auto or_expr_def = and_expr[assign] >> *or_operation[fold_one];
const auto or_operation_def = (kw_or >> x3::attr(ast::binary_op::logical_or)) > and_expr;

const auto and_expr_def = not_expr[assign] >> *and_operation[fold_one];
const auto and_operation_def = (kw_and >> x3::attr(ast::binary_op::logical_and)) > not_expr;

const auto not_expr_def = logical_not | compare_expr;
const auto logical_not_def = not_node;
const auto not_node_def = (kw_not > nested[not_expr])[node<ast::expr_kind::logical_not>];

const auto compare_expr_def = additive_expr[assign] >> -(compare_operation[fold_one] | in_members[fold_in]);
const auto compare_operation_def = comparison_op > additive_expr;
const auto in_members_def = in_node;
const auto in_node_def = (kw_in > lbrace > expression_list > rbrace)[node<ast::expr_kind::in_set>];

const auto additive_expr_def = multiplicative_expr[assign] >> *additive_operation[fold_one];
const auto additive_operation_def = additive_op > multiplicative_expr;

const auto multiplicative_expr_def = unary_expr[assign] >> *multiplicative_operation[fold_one];
const auto multiplicative_operation_def = (x3::lit('*') >> x3::attr(ast::binary_op::mul)) > unary_expr;

const auto unary_expr_def = negation | primary_expr;
const auto negation_def = negate_node;
const auto negate_node_def = (minus_sign > nested[unary_expr])[node<ast::expr_kind::negate>];

// A parenthesised expression keeps the position of its content.
const auto primary_expr_def = atom_expr | (lparen > expression > rparen);

const auto atom_expr_def = date_node | integer_node | string_node | boolean_node | if_expr | first_expr | match_expr |
                           call_expr | name_node;
const auto date_node_def = date_literal[number_node<ast::expr_kind::date>];
const auto integer_node_def = integer_literal[number_node<ast::expr_kind::integer>];
const auto string_node_def = string_literal[text_node<ast::expr_kind::string>];
const auto boolean_value = x3::rule<class boolean_value_id, std::int64_t>{"expression"} =
    (kw_true >> x3::attr(std::int64_t{1})) | (kw_false >> x3::attr(std::int64_t{0}));
const auto boolean_node_def = boolean_value[number_node<ast::expr_kind::boolean>];
const auto name_node_def = identifier[text_node<ast::expr_kind::name>];

const auto if_expr_def =
    (kw_if > expression > kw_then > expression > kw_else > expression)[node<ast::expr_kind::if_else>];

// first
//   S1: condition -> value
//   ...
//   otherwise -> value
const auto first_arm_def = (-x3::lexeme[identifier >> ':' >> !x3::lit('=')] >> expression >> arrow) > expression;
const auto first_expr_def = (kw_first > *first_arm > kw_otherwise > arrow > expression)[make_first];

// match subject { a, b -> value  c -> value  otherwise -> value }
const auto match_keys = x3::rule<class match_keys_id, std::vector<ast::name_ref>>{"match arm"} =
    (kw_otherwise >> x3::attr(std::vector<ast::name_ref>{})) | (name_ref % comma);
const auto match_arm_rule_def = match_keys > arrow > expression;
const auto match_expr_def = (kw_match > expression > lbrace > *match_arm_rule > rbrace)[make_match];

const auto call_expr_def = ((identifier >> lparen) > -expression_list > rparen)[make_call];
const auto expression_list_def = expression % comma;

BOOST_SPIRIT_DEFINE(expression, or_expr, or_operation, and_expr, and_operation, not_expr, logical_not, compare_expr,
                    compare_operation, in_members, additive_expr, additive_operation, multiplicative_expr,
                    multiplicative_operation, unary_expr, negation, primary_expr, atom_expr, if_expr, first_arm,
                    first_expr, match_arm_rule, match_expr, call_expr, expression_list, not_node, negate_node, in_node,
                    date_node, integer_node, string_node, boolean_node, name_node)

}  // namespace trappe::grammar
