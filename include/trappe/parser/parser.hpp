#pragma once
// Rule text -> syntax tree. The Spirit X3 grammar itself is private to src/parser.

#include "trappe/ast/ast.hpp"
#include "trappe/common/diagnostic.hpp"
#include "trappe/common/source_manager.hpp"

namespace trappe {

/// The deepest an expression may nest: every parenthesis, `if`, `first`, `match`,
/// function argument, `not` and unary `-` opens a level. Deeper text is a syntax
/// error, found while parsing, so no phase after the parser recurses deeper.
inline constexpr int max_expression_depth = 256;

/// The most terms one expression may join with binary operators (`a + b + c`
/// has 3), counted over the whole expression including its nested parts. A chain
/// is a tree as deep as its terms, so this bounds the recursion of the later
/// phases together with `max_expression_depth`.
inline constexpr int max_expression_terms = 1000;

/// Parses file `id` of `sources`. Every syntax error is added to `diags`
/// (the parser resynchronises at the next declaration, so all are reported at
/// once) and the declarations that did parse are returned. Thread-safe for
/// distinct `diags`.
[[nodiscard]] ast::file parse_file(const source_manager& sources, file_id id, diagnostics& diags);

}  // namespace trappe
