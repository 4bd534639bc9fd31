// POST /v1/packs/{pack}/batch: JSON lines through the caseload run that `trappe
// batch` uses (src/eval/caseload_run.hpp), with its row accounting: every row in
// is one line out, a result or the row's errors, in input order. A large body is
// cut at line ends into one part per core, read straight into columns and
// evaluated at once.

#include <exception>
#include <stdexcept>
#include <thread>
#include <variant>

#include "endpoints.hpp"
#include "eval/caseload_run.hpp"
#include "request_options.hpp"
#include "responses.hpp"

namespace trappe::serve {
namespace {

constexpr std::size_t part_rows = 16384;
constexpr std::size_t min_part_bytes = 256 * 1024;  // smaller bodies are not worth a thread

}  // namespace

http_response batch_endpoint(const pack_call& call) {
    auto options = read_options(call.pk, call.target, {"param"});
    if (auto* refused = std::get_if<http_response>(&options)) return std::move(*refused);
    const plan& p = *std::get<request_options>(options).compiled;

    detail::caseload_options o;
    o.in = detail::caseload_format::json_lines;
    o.json_out = true;
    o.part_rows = part_rows;
    o.error_line = [](detail::text_buffer& out, std::size_t row, const std::vector<input_error>& errors) {
        out.append(row_error_json(row, errors));
        out.append("\n");
    };
    // Small bodies are not worth a thread.
    const std::string_view body = call.request.body;
    o.threads = static_cast<unsigned>(
        std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), body.size() / min_part_bytes + 1));
    detail::caseload_run run(p, std::move(o));

    std::string out;
    out.reserve(body.size() / 2);
    std::size_t written = 0, reported = 0;
    run.process(body, [&](detail::caseload_part& part) {
        out += part.out.view();
        written += part.written;
        reported += part.reported;
    });
    const std::size_t rows = run.rows();
    if (rows != written + reported)
        throw std::logic_error("row accounting: " + std::to_string(rows) + " rows in, " + std::to_string(written) +
                               " written, " + std::to_string(reported) + " reported");
    call.record.rows = rows;
    call.record.failed_rows = reported;
    http_response r = pack_response(std::move(out), call.pk.hash, "application/x-ndjson");
    r.headers.emplace_back("X-Trappe-Rows", std::to_string(rows));
    r.headers.emplace_back("X-Trappe-Rows-Written", std::to_string(written));
    r.headers.emplace_back("X-Trappe-Rows-Failed", std::to_string(reported));
    return r;
}

}  // namespace trappe::serve
