#pragma once
// The AST nodes as Boost.Fusion sequences, so X3 fills them by attribute
// propagation (as in X3's rexpr example). Only the members a fixed sequence of
// the grammar produces are listed: `where` comes from the position handler
// (error_handler.hpp), and clauses that may come in any order (`cites`, `when`,
// ...) are stored by the grammar's small actions.
//
// X3 1.81 knows boost::optional only; the two traits below let `-p` fill the
// std::optional members of the public AST directly.

#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/fusion/include/std_pair.hpp>
#include <boost/spirit/home/x3/support/traits/optional_traits.hpp>

#include <optional>

#include "trappe/ast/ast.hpp"

namespace boost::spirit::x3::traits {

template <typename T>
struct is_optional<std::optional<T>> : mpl::true_ {};

template <typename T>
struct optional_value<std::optional<T>> : mpl::identity<T> {};

}  // namespace boost::spirit::x3::traits

BOOST_FUSION_ADAPT_STRUCT(trappe::ast::name_ref, text)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::template_text, text)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::type_ref, name)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::pack_decl, name)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::import_decl, path)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::as_of_decl, input)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::validity_decl, from, to)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::recommend_decl, output)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::output_decl, names)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::type_decl, name)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::input_decl, is_extern, name, type, description, required)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::param_decl, name, type)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::define_decl, is_criterion, name, title, type, body)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::offer_decl, name, title)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::table_row, value)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::profile_decl, name, fields)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::test_decl, title, base_profile, given, parameters)
BOOST_FUSION_ADAPT_STRUCT(trappe::ast::justification_decl, parts)
