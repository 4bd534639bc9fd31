// The Spirit X3 grammar of the rule language (see docs/language.md).
//
// Semantic actions build trappe::ast nodes directly, so the public AST carries
// no Spirit types. Expectation points (`>`) give precise errors; the driver at
// the bottom parses one declaration at a time and resynchronises after an error,
// so every syntax error in a file is reported in one run.

#include <boost/spirit/home/x3.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "trappe/common/date.hpp"
#include "trappe/parser/parser.hpp"

namespace trappe::detail {

/// Marks a semantic action that needs the start of its match: X3 1.81 gives an
/// action `_where` = (end of match, end of input); the specialisation below
/// passes the matched range instead.
template <typename F>
struct located {
    F f;
};

}  // namespace trappe::detail

namespace boost::spirit::x3 {

template <typename Subject, typename F>
struct action<Subject, trappe::detail::located<F>>
    : unary_parser<Subject, action<Subject, trappe::detail::located<F>>> {
    using base_type = unary_parser<Subject, action<Subject, trappe::detail::located<F>>>;
    static const bool is_pass_through_unary = true;
    static const bool has_action = true;

    constexpr action(const Subject& wrapped, trappe::detail::located<F> handler) : base_type(wrapped), f(handler) {}

    template <typename Iterator, typename Context, typename RuleContext, typename Attribute>
    bool parse_main(Iterator& first, const Iterator& last, const Context& context, RuleContext& rcontext,
                    Attribute& attribute) const {
        x3::skip_over(first, last, context);
        const Iterator start = first;
        if (!this->subject.parse(first, last, context, rcontext, attribute)) return false;
        bool pass = true;
        auto action_context = make_context<parse_pass_context_tag>(pass, context);
        Iterator match_begin = start;
        x3::call(f.f, match_begin, first, action_context, rcontext, attribute);
        if (!pass) first = start;
        return pass;
    }

    // x3::raw[] under the action: the action receives the matched iterator range.
    template <typename Iterator, typename Context, typename RuleContext>
    bool parse_main(Iterator& first, const Iterator& last, const Context& context, RuleContext& rcontext,
                    raw_attribute_type&) const {
        boost::iterator_range<Iterator> range;
        return parse_main(first, last, context, rcontext, range);
    }

    template <typename Iterator, typename Context, typename RuleContext>
    bool parse(Iterator& first, const Iterator& last, const Context& context, RuleContext& rcontext, unused_type) const {
        typename traits::attribute_of<action, Context>::type synthesized{};
        return parse_main(first, last, context, rcontext, synthesized);
    }

    template <typename Iterator, typename Context, typename RuleContext, typename Attribute>
    bool parse(Iterator& first, const Iterator& last, const Context& context, RuleContext& rcontext, Attribute& attribute) const {
        return parse_main(first, last, context, rcontext, attribute);
    }

    trappe::detail::located<F> f;
};

}  // namespace boost::spirit::x3

namespace trappe {
namespace {

namespace x3 = boost::spirit::x3;

template <typename F>
detail::located<F> at(F f) {
    return {f};
}
using iterator = const char*;

// ---------------------------------------------------------------- parse state

// Skips white space and `#` comments, as the skipper does.
const char* skip_blank(const char* p, const char* end) {
    while (p < end) {
        if (*p == '#') {
            while (p < end && *p != '\n') ++p;
        } else if (std::isspace(static_cast<unsigned char>(*p)) != 0) {
            ++p;
        } else {
            break;
        }
    }
    return p;
}

struct parse_state {
    const source_manager& sources;
    file_id id;
    const char* base;
    const char* end;
    diagnostics& diags;
    ast::file& out;
    int depth = 0;    // expression levels open (see nesting_directive)
    int terms = 1;    // terms of the current outermost expression

    // Location of the first significant character at or after p.
    location at(const char* p) const { return sources.locate(id, static_cast<std::size_t>(skip_blank(p, end) - base)); }
};

struct state_tag;

template <typename Context>
parse_state& state(const Context& ctx) {
    return *x3::get<state_tag>(ctx);
}

// Element N of a sequence parser's attribute (a fusion sequence).
template <int N, typename Sequence>
auto& part(Sequence& s) {
    return boost::fusion::at_c<N>(s);
}

// The start of what a located action matched (see `located` above).
template <typename Context>
location where(const Context& ctx) {
    return state(ctx).at(x3::_where(ctx).begin());
}

// Thrown when an expression passes a limit of parser.hpp; the driver reports it
// and resynchronises like after a syntax error.
struct limit_exceeded {
    const char* where;
    std::string message;
};

// Opens one level of expression nesting around its subject. Every recursive path
// of the grammar passes through it, so refusing the level past the limit bounds
// the parser's own recursion, and the tree it builds, before the stack can overflow.
template <typename Subject>
struct nesting_directive : x3::unary_parser<Subject, nesting_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, nesting_directive<Subject>>;
    static const bool is_pass_through_unary = true;
    static const bool handles_container = Subject::handles_container;

    constexpr nesting_directive(const Subject& wrapped) : base_type(wrapped) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, const Iterator& last, const Context& context, RContext& rcontext,
               Attribute& attribute) const {
        parse_state& st = state(context);
        if (st.depth == 0) st.terms = 1;  // a new outermost expression
        if (st.depth >= max_expression_depth)
            throw limit_exceeded{first, "this expression nests more than " + std::to_string(max_expression_depth) +
                                            " levels deep (parentheses, 'if', 'not', '-', ...); "
                                            "split it into several definitions"};
        ++st.depth;
        struct leave {
            int& depth;
            ~leave() { --depth; }
        } const guard{st.depth};
        return this->subject.parse(first, last, context, rcontext, attribute);
    }
};

struct nesting_gen {
    template <typename Subject>
    constexpr nesting_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
        const Subject& subject) const {
        return {x3::as_parser(subject)};
    }
};
constexpr auto nested = nesting_gen{};

template <typename T>
std::optional<T> to_std(boost::optional<T>& o) {
    return o ? std::optional<T>(std::move(*o)) : std::nullopt;
}

ast::type_ref make_type_ref(location at, std::string name) {
    ast::type_ref t;
    t.where = at;
    t.name = std::move(name);
    return t;
}


constexpr std::array keywords = {
    "and",   "appealable", "extern", "justification", "recommend", "required", "under", "as_of", "because", "before", "bool",  "by",     "cites",         "criterion",
    "date",  "define",     "else",  "enum",    "expect", "false", "first",  "from",          "given",
    "if",    "ikke_vurderet", "import", "in",   "input",  "integer", "level", "local",       "match",
    "months", "not",       "offer", "or",      "otherwise", "output", "pack", "param",        "profile", "property",
    "review", "scope",     "step",  "string",  "table",  "test",  "then",   "true",          "type",
    "valid", "when"};

bool is_keyword(std::string_view s) {
    for (const char* k : keywords)
        if (s == k) return true;
    return false;
}

// ---------------------------------------------------------------- lexemes

const auto skipper = x3::space | x3::lexeme['#' >> *(x3::char_ - x3::eol)];
const auto word_end = !(x3::alnum | x3::char_('_'));

// A keyword as a named rule, so an expectation failure says "expected 'then'".
#define TRAPPE_KEYWORD(var, text) \
    const auto var = x3::rule<class var##_id>{"'" text "'"} = x3::lexeme[x3::lit(text) >> word_end]
TRAPPE_KEYWORD(kw_and, "and");
TRAPPE_KEYWORD(kw_appealable, "appealable");
TRAPPE_KEYWORD(kw_as_of, "as_of");
TRAPPE_KEYWORD(kw_because, "because");
TRAPPE_KEYWORD(kw_before, "before");
TRAPPE_KEYWORD(kw_by, "by");
TRAPPE_KEYWORD(kw_cites, "cites");
TRAPPE_KEYWORD(kw_criterion, "criterion");
TRAPPE_KEYWORD(kw_define, "define");
TRAPPE_KEYWORD(kw_else, "else");
TRAPPE_KEYWORD(kw_enum, "enum");
TRAPPE_KEYWORD(kw_expect, "expect");
TRAPPE_KEYWORD(kw_extern, "extern");
TRAPPE_KEYWORD(kw_false, "false");
TRAPPE_KEYWORD(kw_first, "first");
TRAPPE_KEYWORD(kw_from, "from");
TRAPPE_KEYWORD(kw_given, "given");
TRAPPE_KEYWORD(kw_if, "if");
TRAPPE_KEYWORD(kw_ikke_vurderet, "ikke_vurderet");
TRAPPE_KEYWORD(kw_import, "import");
TRAPPE_KEYWORD(kw_in, "in");
TRAPPE_KEYWORD(kw_input, "input");
TRAPPE_KEYWORD(kw_justification, "justification");
TRAPPE_KEYWORD(kw_level, "level");
TRAPPE_KEYWORD(kw_local, "local");
TRAPPE_KEYWORD(kw_match, "match");
TRAPPE_KEYWORD(kw_months, "months");
TRAPPE_KEYWORD(kw_not, "not");
TRAPPE_KEYWORD(kw_offer, "offer");
TRAPPE_KEYWORD(kw_or, "or");
TRAPPE_KEYWORD(kw_otherwise, "otherwise");
TRAPPE_KEYWORD(kw_output, "output");
TRAPPE_KEYWORD(kw_pack, "pack");
TRAPPE_KEYWORD(kw_param, "param");
TRAPPE_KEYWORD(kw_profile, "profile");
TRAPPE_KEYWORD(kw_property, "property");
TRAPPE_KEYWORD(kw_recommend, "recommend");
TRAPPE_KEYWORD(kw_required, "required");
TRAPPE_KEYWORD(kw_review, "review");
TRAPPE_KEYWORD(kw_scope, "scope");
TRAPPE_KEYWORD(kw_step, "step");
TRAPPE_KEYWORD(kw_table, "table");
TRAPPE_KEYWORD(kw_test, "test");
TRAPPE_KEYWORD(kw_then, "then");
TRAPPE_KEYWORD(kw_true, "true");
TRAPPE_KEYWORD(kw_type, "type");
TRAPPE_KEYWORD(kw_under, "under");
TRAPPE_KEYWORD(kw_valid, "valid");
TRAPPE_KEYWORD(kw_when, "when");
#undef TRAPPE_KEYWORD

#define TRAPPE_PUNCT(var, text) const auto var = x3::rule<class var##_id>{"'" text "'"} = x3::lit(text)
TRAPPE_PUNCT(arrow, "->");
TRAPPE_PUNCT(colon, ":");
TRAPPE_PUNCT(comma, ",");
TRAPPE_PUNCT(equals, "=");
TRAPPE_PUNCT(dots, "..");
TRAPPE_PUNCT(lbrace, "{");
TRAPPE_PUNCT(rbrace, "}");
TRAPPE_PUNCT(lparen, "(");
TRAPPE_PUNCT(rparen, ")");
#undef TRAPPE_PUNCT

const auto minus_sign = x3::lit('-') >> !x3::lit('>');  // not the start of "->"

const x3::rule<class identifier_id, std::string> identifier = "name";
const auto identifier_def =
    x3::raw[x3::lexeme[(x3::alpha | '_') >> *(x3::alnum | '_')]][at([](auto& ctx) {
        std::string s(x3::_attr(ctx).begin(), x3::_attr(ctx).end());
        if (is_keyword(s))
            x3::_pass(ctx) = false;
        else
            x3::_val(ctx) = std::move(s);
    })];

const x3::rule<class name_ref_id, ast::name_ref> name_ref = "name";
const auto name_ref_def = identifier[at([](auto& ctx) { x3::_val(ctx) = {x3::_attr(ctx), where(ctx)}; })];

const x3::rule<class string_id, std::string> string_literal = "string";
const auto string_literal_def =
    x3::lexeme['"' > *(('\\' > x3::char_("\"\\")) | (x3::char_ - '"' - '\\' - x3::eol)) > '"'];

const x3::rule<class template_id, ast::template_text> template_text = "string";
const auto template_text_def = string_literal[at([](auto& ctx) {
    x3::_val(ctx) = {where(ctx), x3::_attr(ctx)};  // at the opening quote
})];

const x3::rule<class date_id, std::int32_t> date_literal = "date";
const auto date_literal_def = x3::raw[x3::lexeme[x3::repeat(4)[x3::digit] >> '-' >> x3::repeat(2)[x3::digit] >> '-' >>
                                                 x3::repeat(2)[x3::digit] >> word_end]][at([](auto& ctx) {
    const std::string_view text(x3::_attr(ctx).begin(), x3::_attr(ctx).size());
    if (const auto days = parse_date(text)) {
        x3::_val(ctx) = *days;
    } else {
        state(ctx).diags.error(state(ctx).at(x3::_attr(ctx).begin()), "invalid date '" + std::string(text) + "' (expected a real date as YYYY-MM-DD)");
        x3::_val(ctx) = 0;
    }
})];

const x3::rule<class integer_id, std::int64_t> integer_literal = "integer";
const auto integer_literal_def = x3::lexeme[x3::uint_parser<std::int64_t>{} >> word_end];

// ---------------------------------------------------------------- expressions

const x3::rule<class expression_id, ast::expr> expression = "expression";
const x3::rule<class or_id, ast::expr> or_expr = "expression";
const x3::rule<class and_id, ast::expr> and_expr = "expression";
const x3::rule<class not_id, ast::expr> not_expr = "expression";
const x3::rule<class compare_id, ast::expr> compare_expr = "expression";
const x3::rule<class additive_id, ast::expr> additive_expr = "expression";
const x3::rule<class multiplicative_id, ast::expr> multiplicative_expr = "expression";
const x3::rule<class unary_id, ast::expr> unary_expr = "expression";
const x3::rule<class primary_id, ast::expr> primary_expr = "expression";
const x3::rule<class if_id, ast::expr> if_expr = "if";
const x3::rule<class first_id, ast::expr> first_expr = "first";
const x3::rule<class match_id, ast::expr> match_expr = "match";
const x3::rule<class call_id, ast::expr> call_expr = "call";

ast::expr make_node(ast::expr_kind kind, location at) {
    ast::expr e;
    e.kind = kind;
    e.where = at;
    return e;
}

const auto assign_val = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };

// For `lhs (op rhs)*` loops: the attribute is (op, rhs); the node sits at the left operand.
// A chain is a left-deep tree as deep as its terms, so the terms are counted here.
const auto fold_binary = at([](auto& ctx) {
    parse_state& st = state(ctx);
    if (++st.terms > max_expression_terms)
        throw limit_exceeded{x3::_where(ctx).begin(), "this expression has more than " +
                                                          std::to_string(max_expression_terms) +
                                                          " terms; split it into several definitions"};
    auto& op = part<0>(x3::_attr(ctx)); auto& rhs = part<1>(x3::_attr(ctx));
    ast::expr e = make_node(ast::expr_kind::binary, x3::_val(ctx).where);  // at the left operand
    e.op = op;
    e.args.push_back(std::move(x3::_val(ctx)));
    e.args.push_back(std::move(rhs));
    x3::_val(ctx) = std::move(e);
});

struct comparison_ops : x3::symbols<ast::binary_op> {
    comparison_ops() {
        add("<=", ast::binary_op::le)(">=", ast::binary_op::ge)("!=", ast::binary_op::ne)("<", ast::binary_op::lt)(
            ">", ast::binary_op::gt)("=", ast::binary_op::eq);
    }
} const comparison_op;

const auto additive_op = x3::rule<class additive_op_id, ast::binary_op>{"'+' or '-'"} =
    (x3::lit('+') >> x3::attr(ast::binary_op::add)) | (minus_sign >> x3::attr(ast::binary_op::sub));

const auto expression_def = nested[or_expr[assign_val]];

const auto or_expr_def = and_expr[assign_val] >> *((kw_or >> x3::attr(ast::binary_op::logical_or)) > and_expr)[fold_binary];

const auto and_expr_def =
    not_expr[assign_val] >> *((kw_and >> x3::attr(ast::binary_op::logical_and)) > not_expr)[fold_binary];

const auto not_expr_def = (kw_not > nested[not_expr])[at([](auto& ctx) {
                              ast::expr e = make_node(ast::expr_kind::logical_not, where(ctx));
                              e.args.push_back(std::move(x3::_attr(ctx)));
                              x3::_val(ctx) = std::move(e);
                          })] |
                          compare_expr[assign_val];

const auto in_members = kw_in > lbrace > (expression % comma) > rbrace;

const auto compare_expr_def =
    additive_expr[assign_val] >> -((comparison_op > additive_expr)[fold_binary] | in_members[at([](auto& ctx) {
                                                                  ast::expr e = make_node(ast::expr_kind::in_set, where(ctx));
                                                                  e.args.push_back(std::move(x3::_val(ctx)));
                                                                  for (auto& m : x3::_attr(ctx)) e.args.push_back(std::move(m));
                                                                  x3::_val(ctx) = std::move(e);
                                                              })]);

const auto additive_expr_def = multiplicative_expr[assign_val] >> *(additive_op > multiplicative_expr)[fold_binary];

const auto multiplicative_expr_def =
    unary_expr[assign_val] >> *((x3::lit('*') >> x3::attr(ast::binary_op::mul)) > unary_expr)[fold_binary];

const auto unary_expr_def = (minus_sign > nested[unary_expr])[at([](auto& ctx) {
                                ast::expr e = make_node(ast::expr_kind::negate, where(ctx));
                                e.args.push_back(std::move(x3::_attr(ctx)));
                                x3::_val(ctx) = std::move(e);
                            })] |
                            primary_expr[assign_val];

const auto literal_node = [](ast::expr_kind kind) {
    return at([kind](auto& ctx) {
        ast::expr e = make_node(kind, where(ctx));
        e.number = x3::_attr(ctx);
        x3::_val(ctx) = std::move(e);
    });
};

const auto boolean_node = [](bool value) {
    return at([value](auto& ctx) {
        ast::expr e = make_node(ast::expr_kind::boolean, where(ctx));
        e.number = value ? 1 : 0;
        x3::_val(ctx) = std::move(e);
    });
};

const auto primary_expr_def =
    date_literal[literal_node(ast::expr_kind::date)] | integer_literal[literal_node(ast::expr_kind::integer)] |
    string_literal[at([](auto& ctx) {
        ast::expr e = make_node(ast::expr_kind::string, where(ctx));
        e.text = std::move(x3::_attr(ctx));
        x3::_val(ctx) = std::move(e);
    })] |
    kw_true[boolean_node(true)] | kw_false[boolean_node(false)] | (lparen > expression > rparen)[assign_val] |
    if_expr[assign_val] | first_expr[assign_val] | match_expr[assign_val] | call_expr[assign_val] |
    identifier[at([](auto& ctx) {
        ast::expr e = make_node(ast::expr_kind::name, where(ctx));
        e.text = std::move(x3::_attr(ctx));
        x3::_val(ctx) = std::move(e);
    })];

const auto if_expr_def = (kw_if > expression > kw_then > expression > kw_else > expression)[at([](auto& ctx) {
    auto& c = part<0>(x3::_attr(ctx)); auto& t = part<1>(x3::_attr(ctx)); auto& f = part<2>(x3::_attr(ctx));
    ast::expr e = make_node(ast::expr_kind::if_else, where(ctx));
    e.args = {std::move(c), std::move(t), std::move(f)};
    x3::_val(ctx) = std::move(e);
})];

// first
//   S1: condition -> value
//   ...
//   otherwise -> value
struct rule_arm {
    std::string label;
    ast::expr condition;
    ast::expr value;
};
const x3::rule<class rule_arm_id, rule_arm> first_arm = "rule";
const auto first_arm_def =
    ((-x3::lexeme[identifier >> ':' >> !x3::lit('=')] >> expression >> arrow) > expression)[at([](auto& ctx) {
        auto& label = part<0>(x3::_attr(ctx)); auto& condition = part<1>(x3::_attr(ctx)); auto& value = part<2>(x3::_attr(ctx));
        x3::_val(ctx) = {label ? *label : std::string(), std::move(condition), std::move(value)};
    })];

const auto first_expr_def =
    kw_first[at([](auto& ctx) { x3::_val(ctx) = make_node(ast::expr_kind::first, where(ctx)); })] >
    *first_arm[at([](auto& ctx) {
        rule_arm& arm = x3::_attr(ctx);
        x3::_val(ctx).labels.push_back(std::move(arm.label));
        x3::_val(ctx).args.push_back(std::move(arm.condition));
        x3::_val(ctx).args.push_back(std::move(arm.value));
    })] >
    kw_otherwise > arrow > expression[at([](auto& ctx) { x3::_val(ctx).args.push_back(std::move(x3::_attr(ctx))); })];

// match subject { a, b -> value  c -> value  otherwise -> value }
const auto match_keys = x3::rule<class match_keys_id, std::vector<ast::name_ref>>{"match arm"} =
    (kw_otherwise >> x3::attr(std::vector<ast::name_ref>{})) | (name_ref % comma);
const auto match_expr_def =
    (kw_match > expression)[at([](auto& ctx) {
        x3::_val(ctx) = make_node(ast::expr_kind::match, where(ctx));
        x3::_val(ctx).args.push_back(std::move(x3::_attr(ctx)));
    })] >
    lbrace > *(match_keys > arrow > expression)[at([](auto& ctx) {
        auto& keys = part<0>(x3::_attr(ctx)); auto& value = part<1>(x3::_attr(ctx));
        x3::_val(ctx).arm_keys.push_back(std::move(keys));
        x3::_val(ctx).args.push_back(std::move(value));
    })] > rbrace;

const auto call_expr_def = ((identifier >> lparen) > -(expression % comma) > rparen)[at([](auto& ctx) {
    auto& name = part<0>(x3::_attr(ctx)); auto& args = part<1>(x3::_attr(ctx));
    ast::expr e = make_node(ast::expr_kind::call, where(ctx));
    e.text = std::move(name);
    if (args) e.args = std::move(*args);
    x3::_val(ctx) = std::move(e);
})];

BOOST_SPIRIT_DEFINE(identifier, name_ref, string_literal, template_text, date_literal, integer_literal, expression,
                    or_expr, and_expr, not_expr, compare_expr, additive_expr, multiplicative_expr, unary_expr,
                    primary_expr, if_expr, first_arm, first_expr, match_expr, call_expr)

// ---------------------------------------------------------------- declarations

// Appends a parsed declaration (any of the ast declaration types) to the file.
const auto push_declaration = [](auto& ctx) { state(ctx).out.declarations.emplace_back(std::move(x3::_attr(ctx))); };

const x3::rule<class type_ref_id, ast::type_ref> type_ref = "type";
const auto type_ref_def = (x3::lexeme[x3::lit("integer") >> word_end] >>
                           -((x3::long_long >> dots) > x3::long_long))[at([](auto& ctx) {
                              auto& range = x3::_attr(ctx);
                              x3::_val(ctx) = make_type_ref(where(ctx), "integer");
                              if (range) {
                                  x3::_val(ctx).lo = boost::fusion::at_c<0>(*range);
                                  x3::_val(ctx).hi = boost::fusion::at_c<1>(*range);
                              }
                          })] |
                          name_ref[at([](auto& ctx) { x3::_val(ctx) = make_type_ref(x3::_attr(ctx).where, x3::_attr(ctx).text); })] |
                          x3::raw[x3::lexeme[(x3::lit("bool") | "date" | "string") >> word_end]]
                                 [at([](auto& ctx) {
                                     x3::_val(ctx) = make_type_ref(where(ctx), std::string(x3::_attr(ctx).begin(), x3::_attr(ctx).end()));
                                 })];

const x3::rule<class pack_id, ast::pack_decl> pack_decl = "pack";
const auto pack_decl_def = (kw_pack > string_literal)[at([](auto& ctx) { x3::_val(ctx) = {where(ctx), x3::_attr(ctx)}; })];

const x3::rule<class import_id, ast::import_decl> import_decl = "import";
const auto import_decl_def =
    (kw_import > string_literal)[at([](auto& ctx) { x3::_val(ctx) = {where(ctx), x3::_attr(ctx)}; })];

const x3::rule<class as_of_id, ast::as_of_decl> as_of_decl = "as_of";
const auto as_of_decl_def = (kw_as_of > name_ref)[at([](auto& ctx) { x3::_val(ctx) = {where(ctx), x3::_attr(ctx)}; })];

// `valid from 2025-06-01 to 2025-12-31`: `to` is matched here only, so it stays free as a name.
const x3::rule<class validity_id, ast::validity_decl> validity_decl = "valid";
const auto kw_to = x3::rule<class kw_to_id>{"'to'"} = x3::lexeme[x3::lit("to") >> word_end];
const auto validity_decl_def =
    (kw_valid > kw_from > date_literal)[at([](auto& ctx) {
        x3::_val(ctx).where = where(ctx);
        x3::_val(ctx).from = x3::_attr(ctx);
    })] > -(kw_to > date_literal)[at([](auto& ctx) { x3::_val(ctx).to = x3::_attr(ctx); })];

const x3::rule<class recommend_id, ast::recommend_decl> recommend_decl = "recommend";
const auto recommend_decl_def =
    (kw_recommend > name_ref)[at([](auto& ctx) { x3::_val(ctx) = {where(ctx), x3::_attr(ctx)}; })];

const x3::rule<class output_id, ast::output_decl> output_decl = "output";
const auto output_decl_def =
    (kw_output > (name_ref % comma))[at([](auto& ctx) { x3::_val(ctx) = {where(ctx), std::move(x3::_attr(ctx))}; })];

// A value name with an optional display label: `hoejt "højt"`.
struct labelled_name {
    ast::name_ref name;
    std::string label;
};
const x3::rule<class labelled_name_id, labelled_name> labelled_name_rule = "value name";
const auto labelled_name_rule_def = (name_ref >> -string_literal)[at([](auto& ctx) {
    auto& name = part<0>(x3::_attr(ctx));
    auto& label = part<1>(x3::_attr(ctx));
    x3::_val(ctx) = {std::move(name), label ? *label : std::string()};
})];
BOOST_SPIRIT_DEFINE(labelled_name_rule)

template <typename Decl>
void set_value_names(Decl& decl, std::vector<labelled_name>& names) {
    for (labelled_name& n : names) {
        decl.value_names.push_back(std::move(n.name));
        decl.value_labels.push_back(std::move(n.label));
    }
}

// type niveau = level 0..4 { ingen, let, moderat, svaer, fuldstaendigt }
// type stoettebehov = enum { intet, let, moderat, hoejt, fuldstaendigt }
const x3::rule<class type_decl_id, ast::type_decl> type_decl = "type";
const auto type_decl_def =
    (kw_type > identifier > equals)[at([](auto& ctx) {
        x3::_val(ctx).where = where(ctx);
        x3::_val(ctx).name = x3::_attr(ctx);
    })] >
    ((kw_level > x3::long_long > dots > x3::long_long > -(lbrace > (labelled_name_rule % comma) > rbrace))[at([](auto& ctx) {
         auto& lo = part<0>(x3::_attr(ctx)); auto& hi = part<1>(x3::_attr(ctx)); auto& names = part<2>(x3::_attr(ctx));
         x3::_val(ctx).lo = lo;
         x3::_val(ctx).hi = hi;
         if (names) set_value_names(x3::_val(ctx), *names);
     })] |
     (kw_enum > lbrace > (labelled_name_rule % comma) > rbrace)[at([](auto& ctx) {
         x3::_val(ctx).is_enum = true;
         set_value_names(x3::_val(ctx), x3::_attr(ctx));
         x3::_val(ctx).hi = static_cast<std::int64_t>(x3::_val(ctx).value_names.size()) - 1;
     })]);

const x3::rule<class input_id, ast::input_decl> input_decl = "input";
const auto input_keyword = x3::rule<class input_keyword_id, bool>{"input"} =
    (kw_input >> x3::attr(false)) | (kw_extern >> x3::attr(true));
const auto input_decl_def = (input_keyword > identifier > colon > type_ref > -string_literal)[at([](auto& ctx) {
    auto& a = x3::_attr(ctx);
    ast::input_decl& d = x3::_val(ctx);
    d.where = where(ctx);
    d.is_extern = part<0>(a);
    d.name = std::move(part<1>(a));
    d.type = std::move(part<2>(a));
    if (part<3>(a)) d.description = std::move(*part<3>(a));
})] > -kw_required[at([](auto& ctx) { x3::_val(ctx).required = true; })];

const auto cites_clause = (kw_cites > string_literal)[at([](auto& ctx) { x3::_val(ctx).citation = x3::_attr(ctx); })];

// table rows: `before D -> v`, `from D -> v`, `D1 .. D2 -> v`, `a, b -> v`
const x3::rule<class table_row_id, ast::table_row> table_row = "table row";
const auto table_row_def =
    ((kw_before > date_literal)[at([](auto& ctx) {
         x3::_val(ctx).where = where(ctx);
         x3::_val(ctx).date_hi = x3::_attr(ctx) - 1;
     })] |
     (kw_from > date_literal)[at([](auto& ctx) {
         x3::_val(ctx).where = where(ctx);
         x3::_val(ctx).date_lo = x3::_attr(ctx);
     })] |
     (date_literal > dots > date_literal)[at([](auto& ctx) {
         x3::_val(ctx).where = where(ctx);
         x3::_val(ctx).date_lo = boost::fusion::at_c<0>(x3::_attr(ctx));
         x3::_val(ctx).date_hi = boost::fusion::at_c<1>(x3::_attr(ctx));
     })] |
     (name_ref % comma)[at([](auto& ctx) {
         x3::_val(ctx).where = where(ctx);
         x3::_val(ctx).keys = std::move(x3::_attr(ctx));
     })]) > arrow > expression[at([](auto& ctx) { x3::_val(ctx).value = std::move(x3::_attr(ctx)); })];

const x3::rule<class param_id, ast::param_decl> param_decl = "param";
const auto param_decl_def =
    (kw_param > identifier > colon > type_ref)[at([](auto& ctx) {
        auto& name = part<0>(x3::_attr(ctx)); auto& type = part<1>(x3::_attr(ctx));
        x3::_val(ctx).where = where(ctx);
        x3::_val(ctx).name = std::move(name);
        x3::_val(ctx).type = std::move(type);
    })] >
    *(cites_clause | kw_local[at([](auto& ctx) { x3::_val(ctx).local = true; })] |
      (equals > expression)[at([](auto& ctx) {
          const location at = x3::_attr(ctx).where;
          x3::_val(ctx).versions.push_back({at, std::nullopt, std::move(x3::_attr(ctx))});
      })] |
      (kw_from > date_literal > equals > expression)[at([](auto& ctx) {
          auto& from = part<0>(x3::_attr(ctx)); auto& value = part<1>(x3::_attr(ctx));
          x3::_val(ctx).versions.push_back({value.where, from, std::move(value)});
      })] |
      (kw_table > kw_by > type_ref > lbrace > *table_row > rbrace)[at([](auto& ctx) {
          auto& key = part<0>(x3::_attr(ctx)); auto& rows = part<1>(x3::_attr(ctx));
          x3::_val(ctx).table_key = std::move(key);
          x3::_val(ctx).rows = std::move(rows);
      })]);

// `because not "…"` is the sentence for the negative outcome; tried first, since `because` alone expects a text.
const auto because_clause =
    ((kw_because >> kw_not) > template_text)[at([](auto& ctx) { x3::_val(ctx).because_not = x3::_attr(ctx); })] |
    (kw_because > template_text)[at([](auto& ctx) { x3::_val(ctx).because = x3::_attr(ctx); })];
const auto local_clause = kw_local[at([](auto& ctx) { x3::_val(ctx).local = true; })];

const x3::rule<class define_id, ast::define_decl> define_decl = "define";
const auto define_decl_def =
    (kw_define > identifier > -string_literal > -(colon > type_ref) > equals > expression)[at([](auto& ctx) {
        auto& name = part<0>(x3::_attr(ctx)); auto& label = part<1>(x3::_attr(ctx));
        auto& type = part<2>(x3::_attr(ctx)); auto& body = part<3>(x3::_attr(ctx));
        x3::_val(ctx).where = where(ctx);
        x3::_val(ctx).name = std::move(name);
        if (label) x3::_val(ctx).title = std::move(*label);  // how a citizen's letter names it
        x3::_val(ctx).type = to_std(type);
        x3::_val(ctx).body = std::move(body);
    })] > *(cites_clause | because_clause | local_clause);

const x3::rule<class criterion_id, ast::define_decl> criterion_decl = "criterion";
const auto criterion_decl_def = (kw_criterion > identifier > string_literal)[at([](auto& ctx) {
                                    auto& name = part<0>(x3::_attr(ctx)); auto& title = part<1>(x3::_attr(ctx));
                                    x3::_val(ctx).where = where(ctx);
                                    x3::_val(ctx).name = std::move(name);
                                    x3::_val(ctx).title = std::move(title);
                                    x3::_val(ctx).is_criterion = true;
                                    x3::_val(ctx).type = make_type_ref(where(ctx), "bool");
                                })] >
                                *(cites_clause | because_clause | local_clause |
                                  (kw_when > expression)[at([](auto& ctx) { x3::_val(ctx).body = std::move(x3::_attr(ctx)); })] |
                                  (kw_not >> kw_appealable)[at([](auto& ctx) { x3::_val(ctx).appealable = false; })]);

const x3::rule<class offer_id, ast::offer_decl> offer_decl = "offer";
const auto offer_decl_def =
    (kw_offer > identifier > string_literal)[at([](auto& ctx) {
        auto& name = part<0>(x3::_attr(ctx)); auto& title = part<1>(x3::_attr(ctx));
        x3::_val(ctx).where = where(ctx);
        x3::_val(ctx).name = std::move(name);
        x3::_val(ctx).title = std::move(title);
    })] >
    *(cites_clause | (kw_under > name_ref)[at([](auto& ctx) { x3::_val(ctx).criterion = x3::_attr(ctx); })] |
      (kw_when > expression)[at([](auto& ctx) { x3::_val(ctx).condition = std::move(x3::_attr(ctx)); })] |
      (kw_step > expression)[at([](auto& ctx) { x3::_val(ctx).step = std::move(x3::_attr(ctx)); })] |
      (kw_scope > template_text)[at([](auto& ctx) { x3::_val(ctx).scope = std::move(x3::_attr(ctx)); })] |
      (kw_review > expression > kw_months)[at([](auto& ctx) { x3::_val(ctx).review_months = std::move(x3::_attr(ctx)); })]);

const x3::rule<class assignment_id, ast::assignment> assignment = "field = value";
const auto assignment_def = (name_ref > equals)[at([](auto& ctx) { x3::_val(ctx).field = x3::_attr(ctx); })] >
                            (kw_ikke_vurderet[at([](auto& ctx) { x3::_val(ctx).unassessed = true; })] |
                             (lbrace > (expression % comma) > rbrace)[at([](auto& ctx) { x3::_val(ctx).members = std::move(x3::_attr(ctx)); })] |
                             (expression[at([](auto& ctx) { x3::_val(ctx).value = std::move(x3::_attr(ctx)); })] >>
                              -(dots > expression[at([](auto& ctx) { x3::_val(ctx).upper = std::move(x3::_attr(ctx)); })])));

const auto assignments = lbrace > *assignment > rbrace;

const x3::rule<class profile_id, ast::profile_decl> profile_decl = "profile";
const auto profile_decl_def = (kw_profile > identifier > assignments)[at([](auto& ctx) {
    auto& name = part<0>(x3::_attr(ctx)); auto& fields = part<1>(x3::_attr(ctx));
    x3::_val(ctx) = {where(ctx), std::move(name), std::move(fields)};
})];

// Words with a meaning only inside a test, after a block: not reserved, so rule
// packs keep any name they use.
#define TRAPPE_TEST_WORD(var, text) \
    const auto var = x3::rule<class var##_id>{"'" text "'"} = x3::lexeme[x3::lit(text) >> word_end]
TRAPPE_TEST_WORD(word_with, "with");
TRAPPE_TEST_WORD(word_error, "error");
TRAPPE_TEST_WORD(word_on, "on");
#undef TRAPPE_TEST_WORD

// `expect { name = value ... }` or `expect error on field`.
const auto test_expectation = x3::rule<class test_expectation_id, ast::test_decl>{"'{' or 'error on'"} =
    ((word_error > word_on) > name_ref)[at([](auto& ctx) { x3::_val(ctx).expect_error = x3::_attr(ctx); })] |
    assignments[at([](auto& ctx) { x3::_val(ctx).expect = std::move(x3::_attr(ctx)); })];

const x3::rule<class test_id, ast::test_decl> test_decl = "test";
const auto test_decl_def =
    (kw_test > string_literal > -(kw_given > name_ref) > assignments)[at([](auto& ctx) {
        auto& title = part<0>(x3::_attr(ctx)); auto& base = part<1>(x3::_attr(ctx)); auto& given = part<2>(x3::_attr(ctx));
        x3::_val(ctx).where = where(ctx);
        x3::_val(ctx).title = std::move(title);
        x3::_val(ctx).base_profile = to_std(base);
        x3::_val(ctx).given = std::move(given);
    })] >
    -(word_with > assignments)[at([](auto& ctx) { x3::_val(ctx).parameters = std::move(x3::_attr(ctx)); })] >
    (kw_expect > test_expectation)[at([](auto& ctx) {  // the action outside, so a failure names the rule
        x3::_val(ctx).expect = std::move(x3::_attr(ctx).expect);
        x3::_val(ctx).expect_error = std::move(x3::_attr(ctx).expect_error);
    })];

const x3::rule<class justification_id, ast::justification_decl> justification_decl = "justification";
const auto justification_decl_def =
    kw_justification[at([](auto& ctx) { x3::_val(ctx).where = where(ctx); })] > lbrace >
    *(name_ref > template_text)[at([](auto& ctx) {
        x3::_val(ctx).parts.emplace_back(std::move(part<0>(x3::_attr(ctx))), std::move(part<1>(x3::_attr(ctx))));
    })] > rbrace;

// property ["label"] monotone trin in praktiske_opgaver, egenomsorg
// property ["label"] sel_108 implies stoettebehov = fuldstaendigt
// `monotone` and `implies` mean something only here: not reserved, like the test
// words; a property whose text starts with `monotone` is the monotone form.
const auto word_monotone = x3::rule<class word_monotone_id>{"'monotone'"} = x3::lexeme[x3::lit("monotone") >> word_end];
const auto word_implies = x3::rule<class word_implies_id>{"'implies'"} = x3::lexeme[x3::lit("implies") >> word_end];

// The text of [begin, end) with white space and comments folded into one space, for reports.
std::string folded_text(const char* p, const char* end) {
    std::string out;
    while (p < end) {
        const char* next = skip_blank(p, end);
        if (next != p) {
            if (!out.empty() && next < end) out += ' ';
            p = next;
            continue;
        }
        out += *p++;
    }
    return out;
}

const auto property_body = x3::rule<class property_body_id, ast::property_decl>{"'monotone' or an expression"} =
    (word_monotone > name_ref > kw_in > (name_ref % comma))[at([](auto& ctx) {
        x3::_val(ctx).monotone = true;
        x3::_val(ctx).result = std::move(part<0>(x3::_attr(ctx)));
        x3::_val(ctx).inputs = std::move(part<1>(x3::_attr(ctx)));
        x3::_val(ctx).text = folded_text(x3::_where(ctx).begin(), x3::_where(ctx).end());
    })] |
    (expression > word_implies > expression)[at([](auto& ctx) {
        x3::_val(ctx).premise = std::move(part<0>(x3::_attr(ctx)));
        x3::_val(ctx).conclusion = std::move(part<1>(x3::_attr(ctx)));
        x3::_val(ctx).text = folded_text(x3::_where(ctx).begin(), x3::_where(ctx).end());
    })];

const x3::rule<class property_id, ast::property_decl> property_decl = "property";
const auto property_decl_def =
    (kw_property > -string_literal > property_body)[at([](auto& ctx) {  // the action outside, so a failure names the rule
        auto& label = part<0>(x3::_attr(ctx));
        x3::_val(ctx) = std::move(part<1>(x3::_attr(ctx)));
        x3::_val(ctx).where = where(ctx);
        if (label) x3::_val(ctx).label = std::move(*label);
    })];

const x3::rule<class declaration_id> declaration = "declaration";
const auto declaration_def =
    pack_decl[push_declaration] | import_decl[push_declaration] |
    type_decl[push_declaration] | input_decl[push_declaration] |
    param_decl[push_declaration] | define_decl[push_declaration] |
    criterion_decl[push_declaration] | offer_decl[push_declaration] |
    output_decl[push_declaration] | recommend_decl[push_declaration] |
    as_of_decl[push_declaration] | validity_decl[push_declaration] |
    profile_decl[push_declaration] | test_decl[push_declaration] |
    justification_decl[push_declaration] | property_decl[push_declaration];

BOOST_SPIRIT_DEFINE(type_ref, pack_decl, import_decl, as_of_decl, validity_decl, recommend_decl, output_decl, type_decl, input_decl, table_row,
                    param_decl, define_decl, criterion_decl, offer_decl, assignment, profile_decl, test_decl,
                    justification_decl, property_decl, declaration)

// ---------------------------------------------------------------- driver

// After an error, continue at the next line that starts a declaration in column 1.
// Where the error itself is at such a line start (an unfinished declaration
// followed by the next one), continue right there.
const char* resynchronise(const char* failed_at, const char* declaration_start, const char* begin, const char* end) {
    const char* p = skip_blank(failed_at, end);
    if (p > declaration_start && p < end && (p == begin || p[-1] == '\n') &&
        std::isalpha(static_cast<unsigned char>(*p)) != 0)
        return p;
    p = failed_at;
    while (p < end) {
        while (p < end && *p != '\n') ++p;
        if (p < end) ++p;
        if (p < end && (std::isalpha(static_cast<unsigned char>(*p)) != 0)) return p;
    }
    return end;
}

// Whether text that fails to parse from its first declaration on is still rule text
// with a mistake: it starts with a declaration keyword and a space ("define x =").
// A profile file starts with '{', a number or a field name; even a CSV column named
// like a keyword is followed by a separator, not a space.
bool starts_like_rules(const char* p, const char* end) {
    static constexpr std::array<std::string_view, 17> starters = {
        "pack",  "import", "type",    "input",     "extern",  "param",   "define",       "criterion",
        "offer", "output", "recommend", "as_of", "profile", "test", "justification", "valid", "property"};
    const char* word_end_at = p;
    while (word_end_at < end && (std::isalnum(static_cast<unsigned char>(*word_end_at)) != 0 || *word_end_at == '_'))
        ++word_end_at;
    if (word_end_at == end || *word_end_at != ' ') return false;
    const std::string_view word(p, static_cast<std::size_t>(word_end_at - p));
    return std::find(starters.begin(), starters.end(), word) != starters.end();
}

std::string describe_found(const char* p, const char* end) {
    if (p >= end) return "end of file";
    std::string token;
    while (p < end && token.size() < 20 && !std::isspace(static_cast<unsigned char>(*p))) token += *p++;
    return "'" + token + "'";
}

}  // namespace

ast::file parse_file(const source_manager& sources, file_id id, diagnostics& diags) {
    ast::file out;
    out.id = id;
    const std::string& text = sources.text(id);
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    parse_state st{sources, id, begin, end, diags, out};
    const auto parser = x3::with<state_tag>(&st)[declaration];

    // A file whose first declaration fails, and that does not start like rule text,
    // is most likely the profiles given in place of the rules: one diagnostic that
    // quotes nothing, and no more parsing, since every line may be personal data.
    bool parsed_any = false;
    const auto refuse_foreign = [&](const char* declaration_start) {
        if (parsed_any || starts_like_rules(declaration_start, end)) return false;
        diagnostic d;
        d.where = st.at(declaration_start);
        d.message = "this does not look like a rule file (did you swap the rules and the profiles?)";
        d.show_source = false;
        diags.add(std::move(d));
        return true;
    };

    const char* it = begin;
    while (true) {
        it = skip_blank(it, end);
        if (it == end) break;
        const char* const declaration_start = it;
        try {
            if (x3::phrase_parse(it, end, parser, skipper)) {
                parsed_any = true;
            } else {
                if (refuse_foreign(declaration_start)) break;
                diags.error(st.at(it), "expected a declaration (type, input, param, define, criterion, offer, output, "
                                       "test, ...) but found " + describe_found(it, end));
                it = resynchronise(it, declaration_start, begin, end);
            }
        } catch (const limit_exceeded& limit) {
            if (refuse_foreign(declaration_start)) break;
            diags.error(st.at(limit.where), limit.message);
            it = resynchronise(limit.where, declaration_start, begin, end);
        } catch (const x3::expectation_failure<iterator>& failure) {
            if (refuse_foreign(declaration_start)) break;
            // When what was found is on a later line, the mistake is the unfinished line:
            // point just after its last character rather than at the next declaration.
            const char* found = skip_blank(failure.where(), end);
            const char* at = failure.where();
            while (at > begin && std::isspace(static_cast<unsigned char>(at[-1])) != 0) --at;
            const bool later_line = std::find(at, found, '\n') != found;
            diags.error(later_line ? sources.locate(id, static_cast<std::size_t>(at - begin)) : st.at(found),
                        "expected " + failure.which() + " but found " + describe_found(found, end));
            it = resynchronise(failure.where(), declaration_start, begin, end);
        }
    }
    return out;
}

}  // namespace trappe
