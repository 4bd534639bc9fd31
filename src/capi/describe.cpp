// trappe_rules_describe: the pack's inputs and outputs with their types, so a
// host can build columns (ordinals are indexes into "values").

#include <boost/json.hpp>

#include "capi/boundary.hpp"
#include "capi/handles.hpp"

namespace trappe::capi {
namespace {

namespace json = boost::json;

json::object describe_symbol(const program& rules, symbol_id s) {
    static constexpr const char* kinds[] = {"bool", "integer", "level", "enum", "date", "string"};
    const symbol& sym = rules.symbols[s];
    const type_info& t = rules.types[sym.type];
    json::object out{{"name", sym.name}, {"type", kinds[static_cast<int>(t.kind)]}, {"type_name", t.name}};
    if (t.kind == type_kind::level || t.kind == type_kind::enumeration || t.bounded) {
        out["lo"] = t.lo;
        out["hi"] = t.hi;
    }
    if (!t.value_names.empty()) {
        json::array names;
        for (const std::string& n : t.value_names) names.emplace_back(n);
        out["values"] = std::move(names);
    }
    if (sym.kind == symbol_kind::input) out["required"] = sym.required;
    return out;
}

json::array describe_all(const program& rules, std::span<const symbol_id> symbols) {
    json::array out;
    for (symbol_id s : symbols) out.emplace_back(describe_symbol(rules, s));
    return out;
}

}  // namespace
}  // namespace trappe::capi

using namespace trappe::capi;

extern "C" trappe_status trappe_rules_describe(const trappe_rules* rules, char** json) {
    return guarded(__func__, [&] {
        const trappe_rules& r = rules_of(rules);
        require(json, "json");
        *json = nullptr;
        const boost::json::object out{{"pack", r.checked->pack_name},
                                      {"hash", r.checked->content_hash},
                                      {"inputs", describe_all(*r.checked, r.compiled->inputs())},
                                      {"outputs", describe_all(*r.checked, r.outputs)}};
        *json = copy_out(boost::json::serialize(out));
    });
}
