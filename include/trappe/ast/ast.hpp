#pragma once
// The syntax tree of a rule file, as written; names are not resolved yet.
//
// Expressions use one node type with a `kind` tag: simple to build from the
// parser, to copy and to walk. The comment on each kind says which fields it uses.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "trappe/common/location.hpp"

namespace trappe::ast {

enum class expr_kind : std::uint8_t {
    integer,     // number
    date,        // number (day number)
    boolean,     // number (0 or 1)
    string,      // text
    name,        // text: an input, parameter, definition or enum value
    negate,      // args[0]
    logical_not, // args[0]
    binary,      // op, args[0], args[1]
    if_else,     // args: condition, then, else
    first,       // args: cond1, value1, cond2, value2, ..., otherwise; labels: one per rule ("" if none)
    match,       // args: subject, arm values...; arm_keys: one list per arm (empty list = otherwise)
    in_set,      // args: subject, members...
    call,        // text: function or table name; args: arguments
};

enum class binary_op : std::uint8_t { add, sub, mul, eq, ne, lt, le, gt, ge, logical_and, logical_or };

struct name_ref {
    std::string text;
    location where;
};

struct expr {
    expr_kind kind = expr_kind::integer;
    binary_op op = binary_op::add;
    location where;
    std::int64_t number = 0;
    std::string text;
    std::vector<expr> args;
    std::vector<std::string> labels;
    std::vector<std::vector<name_ref>> arm_keys;
};

/// `bool`, `date`, `string`, `integer [lo..hi]` or the name of a declared type.
struct type_ref {
    location where;
    std::string name;
    std::optional<std::int64_t> lo, hi;  // only for `integer lo..hi`
};

/// `type niveau = level 0..4 { ingen, let, ... }` or `type x = enum { a, b }`.
struct type_decl {
    location where;
    std::string name;
    bool is_enum = false;
    std::int64_t lo = 0, hi = 0;      // levels: the range; enums: 0..n-1
    std::vector<name_ref> value_names;   // levels: optional names for lo..hi
    std::vector<std::string> value_labels; // display text per value ("" = use the name)
};

/// `input x : type "description" [required]`, or `extern x : type "description"`:
/// a name the importing pack defines (used as an input when nothing defines it).
struct input_decl {
    location where;
    std::string name;
    type_ref type;
    std::string description;
    bool required = false;
    bool is_extern = false;
};

/// A parameter value valid from a date (no date: from the beginning).
struct param_version {
    location where;
    std::optional<std::int32_t> from;
    expr value;
};

/// One row of a parameter table. Date keys: `before D`, `from D`, `D1 .. D2`
/// (inclusive); enum keys: a list of value names.
struct table_row {
    location where;
    std::optional<std::int32_t> date_lo, date_hi;  // missing = open end
    std::vector<name_ref> keys;
    expr value;
};

struct param_decl {
    location where;
    std::string name;
    type_ref type;
    std::string citation;
    bool local = false;
    std::vector<param_version> versions;
    std::optional<type_ref> table_key;  // `table by date` / `table by <type>`
    std::vector<table_row> rows;
};

/// A template string with the location of its first character (for `{name}` errors).
struct template_text {
    location where;
    std::string text;
};

/// `define`, and `criterion` (a boolean definition with title, citation and appeal rule).
/// `local` marks the municipality's own rule, as on a parameter.
struct define_decl {
    location where;
    std::string name;
    std::optional<type_ref> type;
    expr body;
    bool is_criterion = false;
    bool local = false;
    std::string title;
    std::string citation;
    template_text because;      // shown when a boolean definition holds (or always, for other types)
    template_text because_not;  // `because not "…"`: shown when it does not hold
    bool appealable = true;
};

/// An offer on the staircase. `under` names the criterion that grants it
/// (its citation and appeal rule carry over); `when` adds a condition.
struct offer_decl {
    location where;
    std::string name;
    std::string title;
    std::string citation;
    std::optional<name_ref> criterion;
    std::optional<expr> condition;
    expr step;
    template_text scope;
    std::optional<expr> review_months;
};

struct output_decl {
    location where;
    std::vector<name_ref> names;
};

struct pack_decl {
    location where;
    std::string name;
};

/// `valid from D [to D]`: the assessment dates the pack applies to (inclusive).
struct validity_decl {
    location where;
    std::int32_t from = 0;
    std::optional<std::int32_t> to;
};

struct import_decl {
    location where;
    std::string path;
};

/// `recommend trin`: the output that is the recommended step.
struct recommend_decl {
    location where;
    name_ref output;
};

/// `justification { intro "..." granted "..." ... }`: the Danish templates of a
/// draft written decision (begrundelse), each a named template.
struct justification_decl {
    location where;
    std::vector<std::pair<name_ref, template_text>> parts;
};

struct as_of_decl {
    location where;
    name_ref input;
};

/// `field = value` in a profile or test; value is a literal, a name or
/// `ikke_vurderet`. An expectation may give a range: `trin = 0 .. 2`.
struct assignment {
    name_ref field;
    expr value;
    std::optional<expr> upper;
    std::vector<expr> members;  // `= {a, b}`: an expected set of possible values (tests only)
    bool unassessed = false;
};

struct profile_decl {
    location where;
    std::string name;
    std::vector<assignment> fields;
};

/// `test "title" [given profile] { fields } [with { parameters }] expect { values }`,
/// or `... expect error on field`: the profile is an input error naming that field.
struct test_decl {
    location where;
    std::string title;
    std::optional<name_ref> base_profile;
    std::vector<assignment> given;
    std::vector<assignment> expect;
    std::vector<assignment> parameters;  // `with { name = value }`: parameter overrides
    std::optional<name_ref> expect_error;
};

/// `property ["label"] monotone <result> in <input>, ...`: a higher value of any
/// listed input never gives a lower result; or `property ["label"] <premise> implies
/// <conclusion>`: two bool expressions. Checked over every profile by `trappe verify`.
struct property_decl {
    location where;
    std::string label;
    std::string text;  // the declaration as written after the label, for reports
    bool monotone = false;
    name_ref result;                // monotone
    std::vector<name_ref> inputs;   // monotone
    expr premise, conclusion;       // implies
};

using declaration = std::variant<pack_decl, import_decl, type_decl, input_decl, param_decl, define_decl, offer_decl,
                                 output_decl, recommend_decl, as_of_decl, profile_decl, test_decl, justification_decl,
                                 validity_decl, property_decl>;

/// One parsed rule file.
struct file {
    file_id id = 0;
    std::vector<declaration> declarations;
};

}  // namespace trappe::ast
