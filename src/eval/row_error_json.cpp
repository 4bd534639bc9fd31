// The JSON line of a bad row; see row_error_json.hpp.

#include "eval/row_error_json.hpp"

#include <boost/json.hpp>

#include "eval/json_value.hpp"

namespace trappe::detail {

std::string row_error_json(std::size_t row, std::span<const input_error> errors) {
    boost::json::array items;
    for (const input_error& e : errors) items.emplace_back(boost::json::object{{"field", e.field}, {"message", e.message}});
    return write_json(boost::json::object{{"schema", row_error_schema}, {"row", row}, {"errors", std::move(items)}});
}

}  // namespace trappe::detail
