// GET /v1/packs and GET /v1/packs/{pack}/schema; see endpoints.hpp.

#include <boost/json.hpp>

#include <climits>

#include "endpoints.hpp"
#include "eval/json_value.hpp"
#include "responses.hpp"

namespace trappe::serve {
namespace {

namespace json = boost::json;

json::value value_json(const program& rules, type_id type, std::int64_t v) {
    return detail::json_value(rules, type, {v, v}, std::vector<symbol_id>{});
}

// An end of a version's or table row's key range; an open end is null.
json::value key_json(const program& rules, type_id key, std::int64_t v) {
    if (v <= INT32_MIN || v >= INT32_MAX) return nullptr;
    return value_json(rules, key, v);
}

json::object parameter_json(const program& rules, const symbol& s) {
    // Dated versions are keyed on the as-of date; a table on its key's type.
    const type_id key = s.is_table ? s.table_key : builtin_type::date;
    json::array entries;
    for (const table_entry& e : s.entries)
        entries.emplace_back(json::object{
            {"from", key_json(rules, key, e.lo)}, {"to", key_json(rules, key, e.hi)}, {"value", value_json(rules, s.type, e.value)}});
    return {{"name", s.name},
            {"type", rules.types[s.type].name},
            {"citation", s.citation},
            {"local", s.local},
            {"table", s.is_table},
            {s.is_table ? "rows" : "versions", std::move(entries)}};
}

}  // namespace

http_response packs_endpoint(const pack_set& packs) {
    json::array list;
    for (const pack& pk : packs.packs) {
        const program& rules = *pk.checked;
        json::array parameters;
        for (const symbol& s : rules.symbols)
            if (s.kind == symbol_kind::parameter) parameters.emplace_back(parameter_json(rules, s));
        const day_number from = pk.compiled->valid_from();
        list.emplace_back(json::object{
            {"name", pk.name},
            {"hash", pk.hash},
            {"valid_from", from <= INT32_MIN ? json::value(nullptr) : json::value(format_date(from))},
            {"valid_to", pk.compiled->valid_to() >= INT32_MAX ? json::value(nullptr)
                                                               : json::value(format_date(pk.compiled->valid_to()))},
            {"inputs", pk.compiled->inputs().size()},
            {"parameters", std::move(parameters)}});
    }
    http_response r;
    r.body = detail::write_json(json::object{{"packs", std::move(list)}});
    return r;
}

http_response schema_endpoint(const pack_call& call) {
    if (!call.target.query.empty()) return error_response(400, "bad_query", "this endpoint takes no query parameters");
    return pack_response(call.pk.schema, call.pk.hash);
}

}  // namespace trappe::serve
