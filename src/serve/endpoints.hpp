#pragma once
// The endpoints of the service. Each takes the pack the URL names (from the
// request's snapshot), the parsed target and the request, fills in the rows of
// the exchange record, and returns the response. None puts a profile value in
// an error message.

#include <string>

#include "exchange_record.hpp"
#include "http_exchange.hpp"
#include "pack_set.hpp"
#include "target.hpp"

namespace trappe::serve {

struct pack_call {
    const pack& pk;
    const parsed_target& target;
    const http_request& request;
    exchange_record& record;
};

/// POST /v1/packs/{pack}/evaluate: one profile (an object) gives a decision;
/// an array or JSON lines give {"pack", "hash", "results": [decision or row error]}.
[[nodiscard]] http_response evaluate_endpoint(const pack_call& call);

/// POST /v1/packs/{pack}/explain: one profile, explained as text, JSON or HTML.
[[nodiscard]] http_response explain_endpoint(const pack_call& call);

/// POST /v1/packs/{pack}/batch: JSON lines in, one JSON line out per row in
/// order, each a result or the row's errors, as `trappe batch` accounts for rows.
[[nodiscard]] http_response batch_endpoint(const pack_call& call);

/// GET /v1/packs/{pack}/schema.
[[nodiscard]] http_response schema_endpoint(const pack_call& call);

/// GET /v1/packs: every pack with its name, hash, validity and parameters.
[[nodiscard]] http_response packs_endpoint(const pack_set& packs);

/// GET /openapi.json.
[[nodiscard]] const std::string& openapi_document();

}  // namespace trappe::serve
