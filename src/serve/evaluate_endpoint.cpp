// POST /v1/packs/{pack}/evaluate; see endpoints.hpp.

#include <boost/json.hpp>

#include <variant>

#include "endpoints.hpp"
#include "eval/json_value.hpp"
#include "request_options.hpp"
#include "responses.hpp"

namespace trappe::serve {
namespace {

// An object is one profile; an array or several JSON lines are a list.
bool is_list(const std::string& body, std::size_t rows) {
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    return rows != 1 || (first != std::string::npos && body[first] == '[');
}

}  // namespace

http_response evaluate_endpoint(const pack_call& call) {
    auto options = read_options(call.pk, call.target, {"as_of", "param"});
    if (auto* refused = std::get_if<http_response>(&options)) return std::move(*refused);
    const request_options& o = std::get<request_options>(options);
    const plan& p = *o.compiled;

    std::vector<profile_row> rows = read_json_profiles(p, call.request.body);
    if (rows.empty()) return error_response(400, "no_profile", "the body holds no profile");
    call.record.rows = rows.size();
    const bool list = is_list(call.request.body, rows.size());

    thread_local decision d;  // reused: once warm, evaluating allocates nothing
    std::string results;
    for (profile_row& row : rows) {
        if (row.values) {
            if (auto error = evaluate(p, *row.values, d, o.as_of)) {
                error->row = row.row;
                row.errors.push_back(std::move(*error));
            }
        }
        if (!row.errors.empty()) {
            ++call.record.failed_rows;
            if (!list) return profile_error_response(row.errors);
            results += results.empty() ? "" : ",";
            results += row_error_json(row.row, row.errors);
            continue;
        }
        if (!list) return pack_response(to_json(d), call.pk.hash);
        results += results.empty() ? "" : ",";
        results += to_json(d, row.row);
    }
    // The decisions are already JSON text (to_json); only the frame is built here.
    std::string body = R"({"pack":)";
    body += detail::write_json(boost::json::value(call.pk.name));
    body += R"(,"hash":)";
    body += detail::write_json(boost::json::value(call.pk.hash));
    body += R"(,"results":[)";
    body += results;
    body += "]}";
    return pack_response(std::move(body), call.pk.hash);
}

}  // namespace trappe::serve
