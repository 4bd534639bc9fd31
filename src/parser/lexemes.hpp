#pragma once
// Words, punctuation and literals of the rule language, included by both halves
// of the grammar (expression.cpp and grammar.cpp). Each gets its own copy, in an
// unnamed namespace, so the two never share a definition.

#include <cstdint>
#include <string>
#include <string_view>

#include "parser/ast_adapted.hpp"
#include "parser/error_handler.hpp"
#include "parser/keywords.hpp"
#include "trappe/common/date.hpp"

namespace trappe::grammar {
namespace {

const auto word_end = !(x3::alnum | x3::char_('_'));

// A keyword as a named rule, so an expectation failure says "expected 'then'":
// kw_and, kw_appealable, ... one for each word of keywords.hpp.
#define TRAPPE_KEYWORD_PARSER(word, starts_declaration) \
    const auto kw_##word = x3::rule<class kw_##word##_id>{"'" #word "'"} = x3::lexeme[x3::lit(#word) >> word_end];
TRAPPE_KEYWORDS(TRAPPE_KEYWORD_PARSER)
#undef TRAPPE_KEYWORD_PARSER

// The same words as a table, so that none of them is taken for a name.
#define TRAPPE_KEYWORD_TEXT(word, starts_declaration) #word,
struct keyword_table : x3::symbols<> {
    keyword_table() {
        for (const char* word : {TRAPPE_KEYWORDS(TRAPPE_KEYWORD_TEXT)}) add(word);
    }
} const keyword;
#undef TRAPPE_KEYWORD_TEXT

// Words with a meaning only in one place: not reserved, so rule packs keep any
// name they use (`valid from D to D`; a test's `with`, `expect error on`; a
// property's `monotone` and `implies`).
#define TRAPPE_CONTEXT_WORD(var, text) \
    const auto var = x3::rule<class var##_id>{"'" text "'"} = x3::lexeme[x3::lit(text) >> word_end]
TRAPPE_CONTEXT_WORD(word_to, "to");
TRAPPE_CONTEXT_WORD(word_with, "with");
TRAPPE_CONTEXT_WORD(word_error, "error");
TRAPPE_CONTEXT_WORD(word_on, "on");
TRAPPE_CONTEXT_WORD(word_monotone, "monotone");
TRAPPE_CONTEXT_WORD(word_implies, "implies");
#undef TRAPPE_CONTEXT_WORD

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

struct name_ref_id : annotate_position {};
struct template_id : annotate_position {};

const x3::rule<class identifier_id, std::string> identifier = "name";
const x3::rule<name_ref_id, ast::name_ref> name_ref = "name";
const x3::rule<class string_id, std::string> string_literal = "string";
const x3::rule<template_id, ast::template_text> template_text = "string";  // at the opening quote
const x3::rule<class date_id, std::int32_t> date_literal = "date";
const x3::rule<class integer_id, std::int64_t> integer_literal = "integer";

const auto identifier_def =
    x3::raw[x3::lexeme[!(keyword >> word_end) >> (x3::alpha | '_') >> *(x3::alnum | '_')]];

const auto name_ref_def = identifier;

const auto string_literal_def =
    x3::lexeme['"' > *(('\\' > x3::char_("\"\\")) | (x3::char_ - '"' - '\\' - x3::eol)) > '"'];

const auto template_text_def = string_literal;

// The text must be a real date: the day number, or a diagnostic (and 0).
const auto to_day_number = [](auto& ctx) {
    const std::string_view text(x3::_attr(ctx).begin(), x3::_attr(ctx).size());
    if (const auto days = parse_date(text)) {
        x3::_val(ctx) = *days;
    } else {
        rule_text_of(ctx).invalid_date(x3::_attr(ctx).begin(), text);
        x3::_val(ctx) = 0;
    }
};
const auto date_literal_def = x3::raw[x3::lexeme[x3::repeat(4)[x3::digit] >> '-' >> x3::repeat(2)[x3::digit] >> '-' >>
                                                 x3::repeat(2)[x3::digit] >> word_end]][to_day_number];

const auto integer_literal_def = x3::lexeme[x3::uint_parser<std::int64_t>{} >> word_end];

BOOST_SPIRIT_DEFINE(identifier, name_ref, string_literal, template_text, date_literal, integer_literal)

}  // namespace
}  // namespace trappe::grammar
