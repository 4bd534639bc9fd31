// Query parameters to options and override plans; see request_options.hpp.

#include "request_options.hpp"

#include <algorithm>

#include "responses.hpp"

namespace trappe::serve {
namespace {

std::optional<bool> read_flag(const std::string& v) {
    if (v.empty() || v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    return std::nullopt;
}

// The override of one parameter, in the forms a profile field takes.
std::optional<http_response> read_override(const program& rules, const std::string& name, const std::string& text,
                                           parameter_overrides& into) {
    const auto s = rules.find(name);
    if (!s || rules.symbols[*s].kind != symbol_kind::parameter)
        return error_response(400, "bad_parameter", "'" + name + "' is not a parameter of the pack");
    const type_info& t = rules.type_of(*s);
    if (t.kind == type_kind::string) return error_response(400, "bad_parameter", "'" + name + "' cannot be overridden");
    const parsed_value v = parse_value(t, text);
    if (!v.problem.empty()) return error_response(400, "bad_parameter", "param." + name + ": " + v.problem);
    into[name] = v.value;
    return std::nullopt;
}

}  // namespace

std::variant<request_options, http_response> read_options(const pack& pk, const parsed_target& target,
                                                          const std::vector<std::string_view>& allowed) {
    const auto takes = [&](std::string_view key) { return std::find(allowed.begin(), allowed.end(), key) != allowed.end(); };
    request_options out;
    parameter_overrides overrides;
    for (const auto& [key, value] : target.query) {
        const bool is_param = key.rfind("param.", 0) == 0;
        if (!takes(is_param ? "param" : std::string_view(key)))
            return error_response(400, "bad_query", "this endpoint takes no query parameter '" + key + "'");
        if (is_param) {
            if (auto refused = read_override(*pk.checked, key.substr(6), value, overrides)) return *refused;
        } else if (key == "as_of") {
            out.as_of = parse_date(value);
            if (!out.as_of) return error_response(400, "bad_query", "as_of needs a date as YYYY-MM-DD");
        } else if (key == "format") {
            if (value != "text" && value != "json" && value != "html")
                return error_response(400, "bad_query", "format is text, json or html");
            out.format = value;
        } else {
            const auto flag = read_flag(value);
            if (!flag) return error_response(400, "bad_query", key + " is true or false");
            (key == "why_not" ? out.why_not : out.counterfactual) = *flag;
        }
    }
    if (overrides.empty()) {
        out.compiled = pk.compiled;
        return out;
    }
    try {
        out.compiled = pk.overrides->get(pk.checked, overrides);
    } catch (const parameter_error& e) {
        return error_response(400, "bad_parameter", e.what());
    }
    return out;
}

}  // namespace trappe::serve
