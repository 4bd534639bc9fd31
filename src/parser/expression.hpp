#pragma once
// The expression rules the declarations use, declared here and defined and
// instantiated in expression.cpp (as X3's calc9 example splits expression.hpp,
// expression_def.hpp and expression.cpp), so expressions and declarations
// compile as two translation units.

#include <vector>

#include "parser/grammar.hpp"

namespace trappe::grammar {

class expression_id;
class expression_list_id;
using expression_type = x3::rule<expression_id, ast::expr>;
using expression_list_type = x3::rule<expression_list_id, std::vector<ast::expr>>;  // `a, b, c`
BOOST_SPIRIT_DECLARE(expression_type, expression_list_type)

}  // namespace trappe::grammar
