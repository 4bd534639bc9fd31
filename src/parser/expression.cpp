// The expression grammar (expression_def.hpp), instantiated for the driver's
// context, in which the declarations call it.

#include "parser/expression_def.hpp"

namespace trappe::grammar {

BOOST_SPIRIT_INSTANTIATE(expression_type, iterator, context_type)
BOOST_SPIRIT_INSTANTIATE(expression_list_type, iterator, context_type)

}  // namespace trappe::grammar
