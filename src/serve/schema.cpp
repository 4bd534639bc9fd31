// Generates the JSON Schemas of schema.hpp from the plan's inputs, input rules and outputs.

#include "schema.hpp"

#include <boost/json.hpp>

#include "eval/json_value.hpp"

#include "trappe/trappe.hpp"
#include "trappe/version.hpp"

namespace trappe::serve {
namespace {

namespace json = boost::json;

constexpr const char* dialect = "https://json-schema.org/draft/2020-12/schema";
constexpr const char* date_pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

json::array names(const type_info& t, bool with_labels) {
    json::array out;
    for (std::int64_t v = t.lo; v <= t.hi; ++v) {
        const std::string& name = t.value_name(v);
        if (!name.empty()) out.emplace_back(name);
        const std::size_t i = static_cast<std::size_t>(v - t.lo);
        if (with_labels && i < t.value_labels.size() && !t.value_labels[i].empty() && t.value_labels[i] != name)
            out.emplace_back(t.value_labels[i]);
    }
    return out;
}

// What an assessed input may be given as (the readers' forms, see profile_reader.hpp).
json::object input_schema(const type_info& t, const input_rule& rule) {
    switch (t.kind) {
        case type_kind::boolean: return {{"type", "boolean"}};
        case type_kind::level:
            return {{"anyOf", json::array{json::object{{"type", "integer"}, {"minimum", rule.lo}, {"maximum", rule.hi}},
                                          json::object{{"enum", names(t, false)}}}}};
        case type_kind::enumeration: return {{"enum", names(t, true)}};
        case type_kind::integer: return {{"type", "integer"}, {"minimum", rule.lo}, {"maximum", rule.hi}};
        case type_kind::date:
            return {{"type", "string"},
                    {"pattern", date_pattern},
                    {"$comment", "a date from " + format_date(static_cast<day_number>(rule.lo)) + " to " +
                                     format_date(static_cast<day_number>(rule.hi))}};
        case type_kind::string: return {{"type", "string"}};
    }
    return {};
}

json::object profile_schema(const plan& p) {
    const program& rules = p.rules();
    const std::vector<input_rule> input_rules_of = input_rules(p);
    json::object properties;
    json::array required;
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const symbol& s = rules.symbols[p.inputs()[i]];
        json::object field = input_schema(rules.type_of(p.inputs()[i]), input_rules_of[i]);
        if (!input_rules_of[i].required)
            field = {{"anyOf", json::array{std::move(field), json::object{{"type", "null"}},
                                           json::object{{"const", "ikke_vurderet"}}}}};
        field["description"] = s.description;
        properties[s.name] = std::move(field);
        required.emplace_back(s.name);
    }
    // Fields an imported pack declares and this pack never reads: allowed, and ignored.
    for (const symbol& s : rules.symbols)
        if (s.kind == symbol_kind::input && p.ignores_field(s.name))
            properties[s.name] = json::object{{"description", s.description + " (not read by this pack; ignored)"}};
    return {{"$schema", dialect},
            {"title", "Profil for " + rules.pack_name},
            {"type", "object"},
            {"properties", std::move(properties)},
            {"required", std::move(required)},
            {"additionalProperties", false}};
}

// A determined value as to_json(decision) writes it.
json::object value_schema(const type_info& t) {
    switch (t.kind) {
        case type_kind::boolean: return {{"type", "boolean"}};
        case type_kind::date: return {{"type", "string"}, {"pattern", date_pattern}};
        case type_kind::enumeration: return {{"enum", names(t, false)}};
        case type_kind::level: return {{"type", "integer"}, {"minimum", t.lo}, {"maximum", t.hi}};
        case type_kind::integer:
            if (t.bounded) return {{"type", "integer"}, {"minimum", t.lo}, {"maximum", t.hi}};
            return {{"type", "integer"}};
        case type_kind::string: return {{"type", "string"}};
    }
    return {};
}

// An undetermined value: the set of possible values ({"one_of"}) for booleans,
// enums, levels and small integers, an interval ({"from", "to"}) for the rest;
// "exact": false when the set or interval may hold values no completion gives.
json::object range_schema(const type_info& t, const json::object& value, const json::array& inputs) {
    json::object properties{{"depends_on", json::object{{"type", "array"}, {"items", json::object{{"enum", inputs}}}}},
                            {"exact", json::object{{"const", false}}}};
    json::array required;
    if (t.carries_sets()) {
        properties["one_of"] = json::object{{"type", "array"}, {"items", value}, {"minItems", 2}, {"uniqueItems", true}};
        required = {"one_of", "depends_on"};
    } else {
        properties["from"] = value;
        properties["to"] = value;
        required = {"from", "to", "depends_on"};
    }
    return {{"type", "object"},
            {"properties", std::move(properties)},
            {"required", std::move(required)},
            {"additionalProperties", false}};
}

json::object decision_schema(const plan& p) {
    const program& rules = p.rules();
    json::array inputs;
    for (symbol_id s : p.inputs()) inputs.emplace_back(rules.symbols[s].name);
    json::object outputs;
    json::array output_names;
    for (symbol_id s : rules.outputs) {
        const type_info& t = rules.type_of(s);
        json::object value = value_schema(t);
        if (t.kind != type_kind::string) value = {{"anyOf", json::array{value, range_schema(t, value, inputs)}}};
        outputs[rules.symbols[s].name] = std::move(value);
        output_names.emplace_back(rules.symbols[s].name);
    }
    json::array offer_names;
    for (const offer& o : rules.offers) offer_names.emplace_back(o.name);
    const json::object boolean{{"type", "boolean"}};
    const json::object integer_or_null{{"type", json::array{"integer", "null"}}};
    json::object offer_item{
        {"type", "object"},
        {"properties", json::object{{"offer", json::object{{"enum", offer_names}}},
                                    {"title", json::object{{"type", "string"}}},
                                    {"citation", json::object{{"type", "string"}}},
                                    {"eligible", json::object{{"anyOf", json::array{boolean, range_schema(rules.types[builtin_type::boolean], boolean, inputs)}}}},
                                    {"step", integer_or_null},
                                    {"scope", json::object{{"type", "string"}}},
                                    {"appealable", boolean},
                                    {"review_months", integer_or_null}}},
        {"required", json::array{"offer", "title", "citation", "eligible", "step", "scope", "appealable"}},
        {"additionalProperties", false}};
    return {{"$schema", dialect},
            {"title", "Afgørelse fra " + rules.pack_name},
            {"type", "object"},
            {"properties",
             json::object{{"schema", json::object{{"const", detail::decision_schema}}},
                          {"row", json::object{{"type", "integer"}, {"minimum", 1}}},
                          {"rules", json::object{{"type", "object"},
                                                 {"properties", json::object{{"pack", json::object{{"const", rules.pack_name}}},
                                                                             {"hash", json::object{{"type", "string"}}},
                                                                             {"trappe", json::object{{"const", version_string}}}}},
                                                 {"required", json::array{"pack", "hash", "trappe"}},
                                                 {"additionalProperties", false}}},
                          {"determined", boolean},
                          {"outputs", json::object{{"type", "object"},
                                                   {"properties", std::move(outputs)},
                                                   {"required", std::move(output_names)},
                                                   {"additionalProperties", false}}},
                          {"offers", json::object{{"type", "array"}, {"items", std::move(offer_item)}}}}},
            {"required", json::array{"schema", "rules", "determined", "outputs", "offers"}},
            {"additionalProperties", false}};
}

}  // namespace

std::string schema_document(const plan& p) {
    return detail::write_json(json::object{{"pack", p.rules().pack_name},
                                        {"hash", p.rules().content_hash},
                                        {"profile", profile_schema(p)},
                                        {"decision", decision_schema(p)}});
}

}  // namespace trappe::serve
