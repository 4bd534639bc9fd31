#pragma once
// The reserved words of the rule language, listed once. The grammar makes from
// this list both the keyword parsers (`kw_then`, ...) and the table that keeps
// these words from being names; the driver reads which words start a declaration.
//
// X(word, starts_declaration)

#define TRAPPE_KEYWORDS(X)                                                                                       \
    X(and, false) X(appealable, false) X(as_of, true) X(because, false) X(before, false) X(bool, false)         \
    X(by, false) X(cites, false) X(criterion, true) X(date, false) X(define, true) X(else, false)               \
    X(enum, false) X(expect, false) X(extern, true) X(false, false) X(first, false) X(from, false)              \
    X(given, false) X(if, false) X(ikke_vurderet, false) X(import, true) X(in, false) X(input, true)            \
    X(integer, false) X(justification, true) X(level, false) X(local, false) X(match, false) X(months, false)   \
    X(not, false) X(offer, true) X(or, false) X(otherwise, false) X(output, true) X(pack, true)                 \
    X(param, true) X(profile, true) X(property, true) X(recommend, true) X(required, false) X(review, false) X(scope, false)      \
    X(step, false) X(string, false) X(table, false) X(test, true) X(then, false) X(true, false) X(type, true)   \
    X(under, false) X(valid, true) X(when, false)
