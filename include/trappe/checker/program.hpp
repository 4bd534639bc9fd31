#pragma once
// The checked program: names resolved, types known, definitions in dependency order.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trappe/common/location.hpp"
#include "trappe/common/source_manager.hpp"

namespace trappe {

enum class type_kind : std::uint8_t { boolean, integer, level, enumeration, date, string };

/// A resolved type. Levels and enumerations are small ordered domains lo..hi
/// whose values may carry names (and display labels, e.g. "højt").
struct type_info {
    type_kind kind = type_kind::integer;
    std::string name;
    std::int64_t lo = 0, hi = 0;  // bounds for integer ranges, levels and enums
    bool bounded = false;         // integer: lo..hi given
    std::vector<std::string> value_names;
    std::vector<std::string> value_labels;

    /// The name of value v, or "" when it has none.
    [[nodiscard]] const std::string& value_name(std::int64_t v) const;
    /// The label of value v (its display text), falling back to its name, then the number.
    [[nodiscard]] std::string display(std::int64_t v) const;
    /// The value with this name, if any.
    [[nodiscard]] std::optional<std::int64_t> value_of(const std::string& wanted) const;
    [[nodiscard]] bool is_numeric() const noexcept { return kind == type_kind::integer || kind == type_kind::level; }
    /// Whether an undetermined value of this type is a set of possible values
    /// (booleans, enums, levels, integers with a declared range of at most 64
    /// values) rather than an interval (dates, wide integers).
    [[nodiscard]] bool carries_sets() const noexcept {
        switch (kind) {
            case type_kind::boolean: case type_kind::enumeration: case type_kind::level: return true;
            case type_kind::integer: return bounded && hi - lo < 64;
            default: return false;
        }
    }
};

using type_id = std::uint32_t;
using symbol_id = std::uint32_t;

/// Resolved expression operators. `first` and `match` are kept (not lowered)
/// so explanations can name the rule that decided.
enum class op : std::uint8_t {
    constant,  // value
    symbol,    // symbol
    negate, logical_not,
    add, sub, mul,
    eq, ne, lt, le, gt, ge,
    logical_and, logical_or,
    if_else,   // args: condition, then, else
    first,     // args: cond1, value1, ..., otherwise; labels
    match,     // args: subject, arm values...; keys: per arm (empty = otherwise)
    in_set,    // args: subject; keys[0]: member values
    known,     // symbol (an input)
    max, min, count,
    add_months, add_days, age,
    lookup,    // symbol (a table parameter); args[0]: key
};

struct checked_expr {
    op kind = op::constant;
    type_id type = 0;
    location where;
    std::int64_t value = 0;
    symbol_id symbol = 0;
    std::vector<checked_expr> args;
    std::vector<std::string> labels;
    std::vector<std::vector<std::int64_t>> keys;
};

enum class symbol_kind : std::uint8_t { input, parameter, definition };

/// One row of a parameter table or one dated version: the value for keys lo..hi.
struct table_entry {
    std::int64_t lo = 0, hi = 0;
    std::int64_t value = 0;
    location where;
};

struct symbol {
    symbol_kind kind = symbol_kind::input;
    std::string name;
    type_id type = 0;
    location where;
    file_id file = 0;
    std::string description;  // input description or criterion title
    std::string citation;

    // inputs
    bool required = false;  // may not be "ikke vurderet"
    bool from_extern = false;  // an `extern` that nothing defines

    // parameters, definitions and criteria: the municipality's own rule, not the law
    bool local = false;

    // parameters: dated versions (keyed on the as-of date) or a table
    bool is_table = false;
    type_id table_key = 0;
    std::vector<table_entry> entries;

    // definitions and criteria
    checked_expr body;
    bool is_criterion = false;
    bool appealable = true;
    std::string because;  // explanation template, "{name}" placeholders
    location because_at;
    std::string because_not;  // the sentence when a boolean definition does not hold
    location because_not_at;
};

struct offer {
    std::string name;
    std::string title;
    std::string citation;
    location where;
    std::optional<symbol_id> criterion;
    checked_expr condition;  // criterion and `when`
    checked_expr step;
    checked_expr review_months;
    bool has_review = false;
    std::string scope;  // template
    bool appealable = false;
};

/// A field value in a test or profile block: nullopt = ikke vurderet.
struct field_value {
    symbol_id input = 0;
    std::optional<std::int64_t> value;
    std::string text;  // string inputs
};

/// An expected value, or the range (lo < hi) or exact set of possible values of an undetermined result.
struct expectation {
    symbol_id symbol = 0;
    std::int64_t lo = 0, hi = 0;
    location where;
    std::uint64_t mask = 0;  // `= {a, b}`: the exact set, as in value_range (0: every value of lo .. hi)
};

/// A parameter value a test evaluates with (`with { taerskel_85 = hoejt }`).
struct parameter_value {
    symbol_id parameter = 0;
    std::int64_t value = 0;
    location where;
};

struct test_case {
    std::string title;
    location where;
    std::vector<field_value> given;  // complete: one per input, base profile merged in
    std::vector<expectation> expect;
    std::vector<parameter_value> parameters;  // overrides of the rule files' values
    /// `expect error on field`: the input whose error the profile must give (no expect then).
    std::optional<symbol_id> expect_error;
};

/// A property the pack declares about itself (`property …`), checked over every
/// profile by `trappe verify` (src/analysis). Only the pack's own properties are
/// kept, not an imported pack's.
struct property {
    enum class kind_t : std::uint8_t {
        monotone,  // a higher value of any of `inputs` never gives a lower `result`
        implies,   // wherever `premise` holds, `conclusion` holds
    };
    kind_t kind = kind_t::implies;
    std::string label;  // the Danish label, "" when none
    std::string text;   // as written after the label: "monotone trin in …", "a implies b"
    location where;
    symbol_id result = 0;           // monotone: a computed value of an ordered type
    std::vector<symbol_id> inputs;  // monotone: profile fields of ordered types
    checked_expr premise, conclusion;  // implies: bool expressions (the plan gives them slots)

    /// The label, or the text when the property has no label.
    [[nodiscard]] const std::string& title() const { return label.empty() ? text : label; }
};

/// The parts of a draft justification (begrundelse), from the pack's
/// `justification` block. Placeholders: any name, `{hvorfor:name}` for the
/// explanation of a name, and per offer {tilbud}, {paragraf}, {omfang}, {betingelser}.
struct justification_templates {
    std::string intro, granted, refused, appeal, no_appeal, closing;
};

/// The output of checking: immutable after construction, safe to share between threads.
struct program {
    std::string pack_name;
    std::string content_hash;  // "sha256:<hex>" over the files' paths and bytes
    source_manager sources;
    /// Per file of `sources`: 1 when it was read as part of the pack itself, 0 when imported.
    std::vector<std::uint8_t> pack_files;
    std::vector<type_info> types;
    std::vector<symbol> symbols;
    std::vector<symbol_id> order;  // definitions, dependencies first
    std::vector<offer> offers;
    std::vector<symbol_id> outputs;
    std::optional<symbol_id> recommendation;
    std::optional<symbol_id> as_of;
    /// The pack's declared period (`valid from D [to D]`), inclusive day numbers;
    /// without one, the first date every dated parameter has a value (see plan).
    std::optional<std::int32_t> valid_from, valid_to;
    /// Per symbol: 1 when an output, the recommendation, an offer or the justification
    /// of the pack reaches it (directly, through definitions or through a `because`
    /// or scope template). Only these are computed; only reached inputs are profile
    /// fields. Imported names that nothing of the pack uses stay 0.
    std::vector<std::uint8_t> reached;
    std::vector<test_case> tests;
    std::vector<property> properties;
    justification_templates justification;

    [[nodiscard]] std::optional<symbol_id> find(const std::string& name) const;
    /// Empty `reached` (a program assembled by hand, not by the checker) reaches everything.
    [[nodiscard]] bool is_reached(symbol_id s) const { return reached.empty() || (s < reached.size() && reached[s] != 0); }
    [[nodiscard]] const type_info& type_of(symbol_id s) const { return types[symbols[s].type]; }
};

/// Built-in type ids, always present in this order.
namespace builtin_type {
inline constexpr type_id boolean = 0;
inline constexpr type_id integer = 1;
inline constexpr type_id date = 2;
inline constexpr type_id string = 3;
}  // namespace builtin_type

}  // namespace trappe
