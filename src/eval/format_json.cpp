// JSON rendering of decisions (Boost.JSON stays private to src/).

#include <boost/json.hpp>

#include "common/utf8.hpp"
#include "json_value.hpp"
#include "trappe/eval/format.hpp"
#include "trappe/plan/plan.hpp"
#include "trappe/version.hpp"

namespace trappe {

namespace json = boost::json;

json::array detail::json_names(const program& rules, const std::vector<symbol_id>& symbols) {
    json::array out;
    for (symbol_id s : symbols) out.emplace_back(rules.symbols[s].name);
    return out;
}

namespace {

json::value one_value(const type_info& t, std::int64_t v) {
    switch (t.kind) {
        case type_kind::boolean: return json::value(v != 0);
        case type_kind::date: return json::value(format_date(static_cast<day_number>(v)));
        case type_kind::enumeration: return json::value(t.value_name(v));
        default: return json::value(v);
    }
}

// A determined value is plain JSON; an undetermined one is {"one_of", "depends_on"}
// for a set of possible values, {"from", "to", "depends_on"} for an interval (dates,
// wide integers), with "exact": false when it was beyond the split budget.
json::value range_value(const program& rules, const type_info& t, value_range v, const std::vector<symbol_id>& deps) {
    if (v.determined()) return one_value(t, v.lo);
    json::object out;
    if (t.carries_sets()) {
        json::array values;
        for (std::int64_t x = v.lo; x <= v.hi; ++x)
            if (v.contains(x)) values.push_back(one_value(t, x));
        out["one_of"] = std::move(values);
    } else {
        out["from"] = one_value(t, v.lo);
        out["to"] = one_value(t, v.hi);
    }
    out["depends_on"] = detail::json_names(rules, deps);
    if (!v.exact) out["exact"] = false;
    return out;
}

}  // namespace

namespace detail {

json::value json_value(const program& rules, symbol_id s, value_range v, const decision& d) {
    const type_info& t = rules.type_of(s);
    return t.kind == type_kind::string ? json::value(d.text(s)) : range_value(rules, t, v, d.depends_on(s));
}

json::value json_value(const program& rules, type_id type, value_range v, const std::vector<symbol_id>& depends_on) {
    return range_value(rules, rules.types[type], v, depends_on);
}

std::string write_json(const json::value& v) {
    std::string out = json::serialize(v);
    // Boost.JSON copies a string's bytes as they are; keep the output valid UTF-8.
    if (first_invalid_utf8(out)) out = valid_utf8(out);
    return out;
}

json::object decision_json(const decision& d, std::size_t row) {
    const program& rules = d.rules();
    json::object out;
    out["schema"] = decision_schema;
    if (row != 0) out["row"] = row;
    // Which rules and which engine made the decision: what a stored decision must record.
    out["rules"] = json::object{{"pack", rules.pack_name}, {"hash", rules.content_hash}, {"trappe", version_string}};
    out["determined"] = d.determined();
    json::object outputs;
    for (symbol_id s : rules.outputs) {
        outputs[rules.symbols[s].name] = detail::json_value(rules, s, d.value(s), d);
    }
    out["outputs"] = std::move(outputs);
    json::array offers;
    for (std::size_t o = 0; o < rules.offers.size(); ++o) {
        const offer& of = rules.offers[o];
        const offer_outcome& outcome = d.offers()[o];
        json::object item{{"offer", of.name},
                          {"title", of.title},
                          {"citation", of.citation},
                          {"eligible", range_value(rules, rules.types[builtin_type::boolean], outcome.eligible,
                                                   outcome.depends_on)},
                          {"step", outcome.step.determined() ? json::value(outcome.step.lo) : json::value(nullptr)},
                          {"scope", render_template(d, of.scope)},
                          {"appealable", of.appealable}};
        if (of.has_review)
            item["review_months"] =
                outcome.review_months.determined() ? json::value(outcome.review_months.lo) : json::value(nullptr);
        offers.emplace_back(std::move(item));
    }
    out["offers"] = std::move(offers);
    return out;
}

}  // namespace detail

std::string to_json(const decision& d, std::size_t row) { return detail::write_json(detail::decision_json(d, row)); }

}  // namespace trappe
