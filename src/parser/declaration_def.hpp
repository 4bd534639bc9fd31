#pragma once
// Declarations. Most nodes are filled by attribute propagation into the adapted
// AST (ast_adapted.hpp); a rule marked `true` (force_attribute, X3's `%=`) keeps
// that propagation although actions inside it store the clauses that may come in
// any order (`cites`, `when`, `local`, ...). Included by grammar.cpp only.

#include "parser/expression.hpp"
#include "parser/grammar.hpp"
#include "parser/lexemes.hpp"

namespace trappe::grammar {

// The expression rules of expression.cpp, by their IDs.
const expression_type expression = "expression";
const expression_list_type expression_list = "expression";

// ---------------------------------------------------------------- clause actions

// Stores the parsed value in a member of the declaration being parsed.
template <auto Member>
const auto store = [](auto& ctx) { x3::_val(ctx).*Member = std::move(x3::_attr(ctx)); };

// Sets a member of the declaration being parsed to a fixed value.
template <auto Member, auto Value>
const auto mark = [](auto& ctx) { x3::_val(ctx).*Member = Value; };

template <typename Decl>
const auto cites_clause = (kw_cites > string_literal)[store<&Decl::citation>];
template <typename Decl>
const auto local_clause = kw_local[mark<&Decl::local, true>];

// A parameter value from the start (`= v`) or from a date (`from D = v`), at the value.
const auto add_version = [](auto& ctx) {
    ast::expr& value = x3::_attr(ctx);
    x3::_val(ctx).versions.push_back({value.where, std::nullopt, std::move(value)});
};
const auto add_dated_version = [](auto& ctx) {
    ast::expr& value = boost::fusion::at_c<1>(x3::_attr(ctx));
    x3::_val(ctx).versions.push_back({value.where, boost::fusion::at_c<0>(x3::_attr(ctx)), std::move(value)});
};
const auto store_table = [](auto& ctx) {
    x3::_val(ctx).table_key = std::move(boost::fusion::at_c<0>(x3::_attr(ctx)));
    x3::_val(ctx).rows = std::move(boost::fusion::at_c<1>(x3::_attr(ctx)));
};

// `before D` ends the day before D; `D1 .. D2` includes both.
const auto store_before = [](auto& ctx) { x3::_val(ctx).date_hi = x3::_attr(ctx) - 1; };
const auto store_period = [](auto& ctx) {
    x3::_val(ctx).date_lo = boost::fusion::at_c<0>(x3::_attr(ctx));
    x3::_val(ctx).date_hi = boost::fusion::at_c<1>(x3::_attr(ctx));
};

// `integer lo..hi`
const auto store_range = [](auto& ctx) {
    x3::_val(ctx).lo = boost::fusion::at_c<0>(x3::_attr(ctx));
    x3::_val(ctx).hi = boost::fusion::at_c<1>(x3::_attr(ctx));
};

// A value name with an optional display label: `hoejt "højt"`.
struct labelled_name {
    ast::name_ref name;
    std::string label;
};

template <typename Names>
void set_value_names(ast::type_decl& decl, Names& names) {
    for (labelled_name& n : names) {
        decl.value_names.push_back(std::move(n.name));
        decl.value_labels.push_back(std::move(n.label));
    }
}
const auto level_values = [](auto& ctx) {
    ast::type_decl& decl = x3::_val(ctx);
    decl.lo = boost::fusion::at_c<0>(x3::_attr(ctx));
    decl.hi = boost::fusion::at_c<1>(x3::_attr(ctx));
    if (auto& names = boost::fusion::at_c<2>(x3::_attr(ctx))) set_value_names(decl, *names);
};
// An enum's values are 0..n-1.
const auto enum_values = [](auto& ctx) {
    ast::type_decl& decl = x3::_val(ctx);
    decl.is_enum = true;
    set_value_names(decl, x3::_attr(ctx));
    decl.hi = static_cast<std::int64_t>(decl.value_names.size()) - 1;
};

// `monotone result in a, b` or `premise implies conclusion`
const auto store_monotone = [](auto& ctx) {
    ast::property_decl& p = x3::_val(ctx);
    p.monotone = true;
    p.result = std::move(boost::fusion::at_c<0>(x3::_attr(ctx)));
    p.inputs = std::move(boost::fusion::at_c<1>(x3::_attr(ctx)));
};
const auto store_implies = [](auto& ctx) {
    ast::property_decl& p = x3::_val(ctx);
    p.premise = std::move(boost::fusion::at_c<0>(x3::_attr(ctx)));
    p.conclusion = std::move(boost::fusion::at_c<1>(x3::_attr(ctx)));
};

// Appends a parsed declaration (any of the ast declaration types) to the file.
const auto push_declaration = [](auto& ctx) {
    rule_text_of(ctx).out().declarations.emplace_back(std::move(x3::_attr(ctx)));
};

}  // namespace trappe::grammar

BOOST_FUSION_ADAPT_STRUCT(trappe::grammar::labelled_name, name, label)

namespace trappe::grammar {

// ---------------------------------------------------------------- rules

struct type_ref_id : annotate_position {};
struct pack_id : annotate_position {};
struct import_id : annotate_position {};
struct as_of_id : annotate_position {};
struct validity_id : annotate_position {};
struct recommend_id : annotate_position {};
struct output_id : annotate_position {};
struct type_decl_id : annotate_position {};
struct input_id : annotate_position {};
struct table_row_id : annotate_position {};
struct param_id : annotate_position {};
struct define_id : annotate_position {};
struct offer_id : annotate_position {};
struct profile_id : annotate_position {};
struct test_id : annotate_position {};
struct justification_id : annotate_position {};

// A criterion is a definition of type bool, the type written at its keyword.
struct criterion_id : annotate_position {
    template <typename Iterator, typename Context>
    void on_success(const Iterator& first, const Iterator& last, ast::define_decl& d, const Context& context) const {
        annotate_position::on_success(first, last, d, context);
        d.type = ast::type_ref{d.where, "bool", std::nullopt, std::nullopt};
    }
};

struct property_id : annotate_position {};

// A property keeps its text as written, for reports.
struct property_body_id {
    template <typename Iterator, typename Context>
    void on_success(const Iterator& first, const Iterator& last, ast::property_decl& p, const Context& context) const {
        p.text = rule_text_of(context).folded_text(first, last);
    }
};

// The one rule whose failed expectations are reported: each declaration is
// parsed on its own, so the driver can resynchronise after it.
struct declaration_id : report_expectation {};

const x3::rule<type_ref_id, ast::type_ref, true> type_ref = "type";
const x3::rule<pack_id, ast::pack_decl> pack_decl = "pack";
const x3::rule<import_id, ast::import_decl> import_decl = "import";
const x3::rule<as_of_id, ast::as_of_decl> as_of_decl = "as_of";
const x3::rule<validity_id, ast::validity_decl> validity_decl = "valid";
const x3::rule<recommend_id, ast::recommend_decl> recommend_decl = "recommend";
const x3::rule<output_id, ast::output_decl> output_decl = "output";
const x3::rule<class name_list_id, std::vector<ast::name_ref>> name_list = "name";
const x3::rule<class labelled_name_id, labelled_name> labelled_name_rule = "value name";
const x3::rule<class value_names_id, std::vector<labelled_name>> value_names = "value name";
const x3::rule<class bound_id, std::int64_t> bound = "integer";
const x3::rule<type_decl_id, ast::type_decl, true> type_decl = "type";
const x3::rule<input_id, ast::input_decl> input_decl = "input";
const x3::rule<table_row_id, ast::table_row, true> table_row = "table row";
const x3::rule<param_id, ast::param_decl, true> param_decl = "param";
const x3::rule<define_id, ast::define_decl, true> define_decl = "define";
const x3::rule<criterion_id, ast::define_decl, true> criterion_decl = "criterion";
const x3::rule<offer_id, ast::offer_decl, true> offer_decl = "offer";
const x3::rule<class assigned_id, ast::assignment> assigned = "value";
const x3::rule<class assignment_id, ast::assignment> assignment = "field = value";
const x3::rule<class assignments_id, std::vector<ast::assignment>> assignments = "'{'";
const x3::rule<profile_id, ast::profile_decl> profile_decl = "profile";
const x3::rule<test_id, ast::test_decl, true> test_decl = "test";
const x3::rule<justification_id, ast::justification_decl> justification_decl = "justification";
const x3::rule<class justification_parts_id, std::vector<std::pair<ast::name_ref, ast::template_text>>>
    justification_parts = "name";
const x3::rule<property_id, ast::property_decl, true> property_decl = "property";
const x3::rule<property_body_id, ast::property_decl, true> property_body = "'monotone' or an expression";
const declaration_type declaration_rule = "declaration";

const auto type_ref_def = (x3::raw[kw_integer] >> x3::omit[-((bound >> dots) > bound)[store_range]]) |
                          identifier | x3::raw[kw_bool | kw_date | kw_string];

const auto pack_decl_def = kw_pack > string_literal;
const auto import_decl_def = kw_import > string_literal;
const auto as_of_decl_def = kw_as_of > name_ref;
const auto recommend_decl_def = kw_recommend > name_ref;
const auto output_decl_def = kw_output > name_list;
const auto name_list_def = name_ref % comma;

// `valid from 2025-06-01 to 2025-12-31`
const auto validity_decl_def = kw_valid > kw_from > date_literal > -(word_to > date_literal);

// type niveau = level 0..4 { ingen, let, moderat, svaer, fuldstaendigt }
// type stoettebehov = enum { intet, let, moderat, hoejt, fuldstaendigt }
const auto labelled_name_rule_def = name_ref >> -string_literal;
const auto value_names_def = labelled_name_rule % comma;
const auto bound_def = x3::long_long;
const auto type_kind = x3::rule<class type_kind_id>{"'level' or 'enum'"} = &(kw_level | kw_enum);
const auto type_decl_def =
    (kw_type > identifier > equals > type_kind) >>
    x3::omit[(kw_level > bound > dots > bound > -(lbrace > value_names > rbrace))[level_values] |
             (kw_enum > lbrace > value_names > rbrace)[enum_values]];

// `input x : type "description" [required]`, `extern x : type "description"`
const auto input_keyword = x3::rule<class input_keyword_id, bool>{"input"} =
    (kw_input >> x3::attr(false)) | (kw_extern >> x3::attr(true));
const auto input_decl_def = input_keyword > identifier > colon > type_ref > -string_literal > x3::matches[kw_required];

// table rows: `before D -> v`, `from D -> v`, `D1 .. D2 -> v`, `a, b -> v`
const auto table_row_def = x3::omit[(kw_before > date_literal)[store_before] |
                                    (kw_from > date_literal)[store<&ast::table_row::date_lo>] |
                                    (date_literal > dots > date_literal)[store_period] |
                                    (name_ref % comma)[store<&ast::table_row::keys>]] >
                           arrow > expression;

const auto param_decl_def =
    kw_param > identifier > colon > type_ref >
    x3::omit[*(cites_clause<ast::param_decl> | local_clause<ast::param_decl> | (equals > expression)[add_version] |
               (kw_from > date_literal > equals > expression)[add_dated_version] |
               (kw_table > kw_by > type_ref > lbrace > *table_row > rbrace)[store_table])];

// `because not "…"` is the sentence for the negative outcome; tried first, since `because` alone expects a text.
const auto because_clause = ((kw_because >> kw_not) > template_text)[store<&ast::define_decl::because_not>] |
                            (kw_because > template_text)[store<&ast::define_decl::because>];

const auto define_decl_def = ((kw_define >> x3::attr(false)) > identifier > -string_literal > -(colon > type_ref) >
                              equals > expression) >
                             x3::omit[*(cites_clause<ast::define_decl> | because_clause | local_clause<ast::define_decl>)];

// The type comes from criterion_id, the body from `when`.
const auto criterion_decl_def =
    (((kw_criterion >> x3::attr(true)) > identifier > string_literal) >> x3::attr(std::optional<ast::type_ref>()) >>
     x3::attr(ast::expr())) >
    x3::omit[*(cites_clause<ast::define_decl> | because_clause | local_clause<ast::define_decl> |
               (kw_when > expression)[store<&ast::define_decl::body>] |
               (kw_not >> kw_appealable)[mark<&ast::define_decl::appealable, false>])];

const auto offer_decl_def = kw_offer > identifier > string_literal >
                            x3::omit[*(cites_clause<ast::offer_decl> |
                                       (kw_under > name_ref)[store<&ast::offer_decl::criterion>] |
                                       (kw_when > expression)[store<&ast::offer_decl::condition>] |
                                       (kw_step > expression)[store<&ast::offer_decl::step>] |
                                       (kw_scope > template_text)[store<&ast::offer_decl::scope>] |
                                       (kw_review > expression > kw_months)[store<&ast::offer_decl::review_months>])];

// `field = value`, `field = ikke_vurderet` or, in an expectation, `field = lo .. hi` or
// `field = {a, b}`: the right side fills an assignment, the field is added around it.
const auto assigned_def = x3::omit[kw_ikke_vurderet[mark<&ast::assignment::unassessed, true>] |
                                   (lbrace > expression_list > rbrace)[store<&ast::assignment::members>] |
                                   (expression[store<&ast::assignment::value>] >>
                                    -(dots > expression)[store<&ast::assignment::upper>])];
const auto make_assignment = [](auto& ctx) {
    ast::assignment& a = boost::fusion::at_c<1>(x3::_attr(ctx));
    a.field = std::move(boost::fusion::at_c<0>(x3::_attr(ctx)));
    x3::_val(ctx) = std::move(a);
};
const auto assignment_def = ((name_ref > equals) > assigned)[make_assignment];

const auto assignments_def = lbrace > *assignment > rbrace;

const auto profile_decl_def = kw_profile > identifier > assignments;

// `test "title" [given p] { ... } [with { ... }] expect { ... }` or `... expect error on field`
const auto test_expectation = x3::rule<class test_expectation_id>{"'{' or 'error on'"} = &(word_error | lbrace);
const auto test_decl_def =
    kw_test > string_literal > -(kw_given > name_ref) > assignments > -(word_with > assignments) > kw_expect >
    test_expectation >
    x3::omit[((word_error > word_on) > name_ref)[store<&ast::test_decl::expect_error>] |
             assignments[store<&ast::test_decl::expect>]];

const auto justification_decl_def = kw_justification > lbrace > justification_parts > rbrace;
const auto justification_parts_def = *(name_ref > template_text);

// property ["label"] monotone trin in praktiske_opgaver, egenomsorg
// property ["label"] sel_108 implies stoettebehov = fuldstaendigt
// The body fills the same node as the label: both rules propagate it.
const auto property_decl_def =
    kw_property > x3::omit[-string_literal[store<&ast::property_decl::label>]] > property_body;
const auto property_body_def = x3::omit[(word_monotone > name_ref > kw_in > name_list)[store_monotone] |
                                        (expression > word_implies > expression)[store_implies]];

const auto declaration_rule_def =
    pack_decl[push_declaration] | import_decl[push_declaration] | type_decl[push_declaration] |
    input_decl[push_declaration] | param_decl[push_declaration] | define_decl[push_declaration] |
    criterion_decl[push_declaration] | offer_decl[push_declaration] | output_decl[push_declaration] |
    recommend_decl[push_declaration] | as_of_decl[push_declaration] | validity_decl[push_declaration] |
    profile_decl[push_declaration] | test_decl[push_declaration] | justification_decl[push_declaration] |
    property_decl[push_declaration];

}  // namespace trappe::grammar
