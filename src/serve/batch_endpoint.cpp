// POST /v1/packs/{pack}/batch with the body read whole: an HTTP/1.0 client
// (which cannot take a chunked answer) or an empty body. HTTP/1.1 clients are
// answered as their body arrives (batch_stream.hpp, through service::stream);
// the lines are the same either way, and here the counts are headers as well.

#include <variant>

#include "batch_stream.hpp"
#include "endpoints.hpp"
#include "request_options.hpp"
#include "responses.hpp"

namespace trappe::serve {

http_response batch_endpoint(const pack_call& call) {
    auto options = read_options(call.pk, call.target, {"param"});
    if (auto* refused = std::get_if<http_response>(&options)) return std::move(*refused);
    batch_stream batch(*std::get<request_options>(options).compiled, call.pk.name, call.pk.hash);
    std::string out;
    out.reserve(call.request.body.size() / 2);
    if (batch.feed(call.request.body, false, out)) batch.finish(out);
    call.record.rows = batch.rows();
    call.record.failed_rows = batch.failed();
    http_response r = pack_response(std::move(out), call.pk.hash, "application/x-ndjson");
    for (auto& field : batch_counts(batch)) r.headers.push_back(std::move(field));
    return r;
}

}  // namespace trappe::serve
