#pragma once
// Rule text -> syntax tree. The Spirit X3 grammar itself is private to src/parser.

#include "trappe/ast/ast.hpp"
#include "trappe/common/diagnostic.hpp"
#include "trappe/common/source_manager.hpp"

namespace trappe {

/// Parses file `id` of `sources`. Every syntax error is added to `diags`
/// (the parser resynchronises at the next declaration, so all are reported at
/// once) and the declarations that did parse are returned. Thread-safe for
/// distinct `diags`.
[[nodiscard]] ast::file parse_file(const source_manager& sources, file_id id, diagnostics& diags);

}  // namespace trappe
