#pragma once
// `nested[p]`: opens one level of expression nesting around p. Every recursive
// path of the grammar passes through it, so refusing the level past the limit
// bounds the parser's own recursion, and the tree it builds, before the stack
// can overflow. A directive of its own, written as X3's directives are.

#include <string>

#include "parser/error_handler.hpp"

namespace trappe::grammar {

template <typename Subject>
struct nesting_directive : x3::unary_parser<Subject, nesting_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, nesting_directive<Subject>>;
    static const bool is_pass_through_unary = true;
    static const bool handles_container = Subject::handles_container;

    constexpr nesting_directive(const Subject& wrapped) : base_type(wrapped) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, const Iterator& last, const Context& context, RContext& rcontext,
               Attribute& attribute) const {
        rule_text& text = rule_text_of(context);
        if (text.depth == 0) text.terms = 1;  // a new outermost expression
        if (text.depth >= max_expression_depth)
            throw limit_exceeded{first, "this expression nests more than " + std::to_string(max_expression_depth) +
                                            " levels deep (parentheses, 'if', 'not', '-', ...); "
                                            "split it into several definitions"};
        ++text.depth;
        struct leave {
            int& depth;
            ~leave() { --depth; }
        } const guard{text.depth};
        return this->subject.parse(first, last, context, rcontext, attribute);
    }
};

}  // namespace trappe::grammar

// An expectation failure names what the nested parser wanted ("expression").
template <typename Subject>
struct boost::spirit::x3::get_info<trappe::grammar::nesting_directive<Subject>> {
    using result_type = std::string;
    std::string operator()(const trappe::grammar::nesting_directive<Subject>& p) const { return what(p.subject); }
};

namespace trappe::grammar {

struct nesting_gen {
    template <typename Subject>
    constexpr nesting_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
        const Subject& subject) const {
        return {x3::as_parser(subject)};
    }
};
constexpr auto nested = nesting_gen{};

// Counts the terms of a chain `a op b op c ...` (a left-deep tree as deep as its
// terms): the rule ID of one `op b` derives from this.
struct count_term {
    template <typename Iterator, typename Node, typename Context>
    void on_success(const Iterator& first, const Iterator&, Node&, const Context& context) const {
        if (++rule_text_of(context).terms > max_expression_terms)
            throw limit_exceeded{first, "this expression has more than " + std::to_string(max_expression_terms) +
                                            " terms; split it into several definitions"};
    }
};

}  // namespace trappe::grammar
