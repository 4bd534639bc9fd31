// POST /v1/packs/{pack}/explain; see endpoints.hpp.

#include <variant>

#include "endpoints.hpp"
#include "request_options.hpp"
#include "responses.hpp"

namespace trappe::serve {

http_response explain_endpoint(const pack_call& call) {
    auto options = read_options(call.pk, call.target, {"param", "format", "why_not", "counterfactual"});
    if (auto* refused = std::get_if<http_response>(&options)) return std::move(*refused);
    const request_options& o = std::get<request_options>(options);
    const plan& p = *o.compiled;

    std::vector<profile_row> rows = read_json_profiles(p, call.request.body);
    if (rows.empty()) return error_response(400, "no_profile", "the body holds no profile");
    if (rows.size() != 1) return error_response(400, "one_profile_only", "an explanation is of one profile");
    call.record.rows = 1;
    profile_row& row = rows[0];
    if (!row.values) {
        call.record.failed_rows = 1;
        return profile_error_response(row.errors);
    }
    explain_options how;
    how.why_not = o.why_not;
    how.counterfactual = o.counterfactual;
    auto result = explain(p, *row.values, how);
    if (auto* error = std::get_if<input_error>(&result)) {
        error->row = 1;
        call.record.failed_rows = 1;
        return profile_error_response({*error});
    }
    const explanation& e = std::get<explanation>(result);
    if (o.format == "text") return pack_response(to_text(e), call.pk.hash, "text/plain; charset=utf-8");
    if (o.format == "html") return pack_response(to_html(e), call.pk.hash, "text/html; charset=utf-8");
    return pack_response(to_json(e), call.pk.hash);
}

}  // namespace trappe::serve
