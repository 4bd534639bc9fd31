// The Spirit X3 grammar of the rule language (see docs/language.md and
// docs/parser.md): the declarations (declaration_def.hpp) instantiated for the
// driver's context, as X3's rexpr example does in rexpr.cpp. The expressions they
// use are compiled on their own in expression.cpp.

#include "parser/declaration_def.hpp"

namespace trappe::grammar {

// The declaration rule is named `declaration_rule` in its definition, since
// `declaration()` below returns it.
BOOST_SPIRIT_DEFINE(type_ref, pack_decl, import_decl, as_of_decl, validity_decl, recommend_decl, output_decl,
                    name_list, labelled_name_rule, value_names, bound, type_decl, input_decl, table_row, param_decl, define_decl, criterion_decl,
                    offer_decl, assigned, assignment, assignments, profile_decl, test_decl, justification_decl,
                    justification_parts, property_decl, property_body, declaration_rule)

BOOST_SPIRIT_INSTANTIATE(declaration_type, iterator, context_type)

const declaration_type& declaration() { return declaration_rule; }

}  // namespace trappe::grammar
