// JSON bodies of errors and rows in error; see responses.hpp.

#include "responses.hpp"

#include <boost/json.hpp>

#include "eval/json_value.hpp"

namespace trappe::serve {
namespace {

namespace json = boost::json;

// A profile's errors carry their row; a row's own list carries a code instead.
json::array error_list(const std::vector<input_error>& errors, bool in_row) {
    json::array out;
    for (const input_error& e : errors) {
        json::object item;
        if (in_row) item["code"] = "invalid_row";
        else item["row"] = e.row;
        item["field"] = e.field;
        item["message"] = e.message;
        out.emplace_back(std::move(item));
    }
    return out;
}

}  // namespace

http_response error_response(unsigned status, std::string_view code, std::string_view message) {
    http_response r;
    r.status = status;
    r.body = detail::write_json(json::object{{"code", code}, {"message", message}});
    return r;
}

http_response profile_error_response(const std::vector<input_error>& errors) {
    http_response r;
    r.status = 422;
    r.body = detail::write_json(json::object{{"code", "invalid_profile"},
                                          {"message", "the profile cannot be evaluated; see errors (row and field)"},
                                          {"errors", error_list(errors, false)}});
    return r;
}

std::string row_error_json(std::size_t row, const std::vector<input_error>& errors) {
    return detail::write_json(json::object{{"row", row}, {"errors", error_list(errors, true)}});
}

http_response pack_response(std::string body, const std::string& hash, std::string content_type) {
    http_response r;
    r.body = std::move(body);
    r.content_type = std::move(content_type);
    r.headers.emplace_back("X-Trappe-Pack-Hash", hash);
    return r;
}

}  // namespace trappe::serve
