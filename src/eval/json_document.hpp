#pragma once
// Parsing JSON profiles while noticing duplicated keys (private to the readers).

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trappe::detail {

/// A parsed JSON text. Boost.JSON keeps only the last of duplicated keys, which
/// would let a second value silently win; the parse here also records, for each
/// row object, the first key it holds twice. Row objects are the document when
/// it is an object, else the elements of a top-level array.
struct json_document {
    boost::json::value value;
    boost::system::error_code error;  // set when the text is not one JSON value
    std::vector<std::pair<std::size_t, std::string>> duplicates;  // (0-based row, key), first per row
};

/// Parses `text` (standard JSON, one value, surrounding whitespace allowed).
[[nodiscard]] json_document parse_json_document(std::string_view text);

}  // namespace trappe::detail
