#pragma once
// The grammar's entry rule, declared for the driver (parse_file.cpp) and defined
// and instantiated in grammar.cpp, as X3's rexpr example splits rexpr.hpp,
// rexpr_def.hpp and rexpr.cpp.

#include <type_traits>

#include "parser/error_handler.hpp"

namespace trappe::grammar {

using iterator = const char*;

// White space and `#` comments between tokens.
const auto skipper = x3::space | x3::lexeme['#' >> *(x3::char_ - x3::eol)];
using skipper_type = std::remove_const_t<decltype(skipper)>;

// The context the driver parses in: the file's handler, then the skipper.
using context_type = x3::context<rule_text_tag, rule_text, x3::phrase_parse_context<skipper_type>::type>;

// One declaration of a rule file, appended to the handler's ast::file.
struct declaration_id;
using declaration_type = x3::rule<declaration_id>;
BOOST_SPIRIT_DECLARE(declaration_type)

const declaration_type& declaration();

}  // namespace trappe::grammar
