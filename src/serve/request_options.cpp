// Query parameters to options and override plans; see request_options.hpp.

#include "request_options.hpp"

#include <algorithm>
#include <map>

#include "eval/parameter_text.hpp"
#include "responses.hpp"

namespace trappe::serve {
namespace {

std::optional<bool> read_flag(const std::string& v) {
    if (v.empty() || v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    return std::nullopt;
}

}  // namespace

std::variant<request_options, http_response> read_options(const pack& pk, const parsed_target& target,
                                                          const std::vector<std::string_view>& allowed) {
    const auto takes = [&](std::string_view key) { return std::find(allowed.begin(), allowed.end(), key) != allowed.end(); };
    request_options out;
    std::map<std::string, std::string> overrides;  // param.NAME=VALUE, read like the CLI's --set
    for (const auto& [key, value] : target.query) {
        const bool is_param = key.rfind("param.", 0) == 0;
        if (!takes(is_param ? "param" : std::string_view(key)))
            return error_response(400, "bad_query", "this endpoint takes no query parameter '" + key + "'");
        if (is_param) {
            overrides[key.substr(6)] = value;
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
        out.compiled = pk.overrides->get(pk.checked, detail::read_parameter_overrides(*pk.checked, overrides));
    } catch (const parameter_error& e) {
        return error_response(400, "bad_parameter", e.what());
    }
    return out;
}

}  // namespace trappe::serve
