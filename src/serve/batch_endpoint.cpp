// POST /v1/packs/{pack}/batch: JSON lines through the columnar evaluator in
// chunks, with the row accounting of `trappe batch` (src/cli/batch.cpp): every
// row in is one line out, a result or the row's errors, in input order.

#include <stdexcept>
#include <variant>

#include "cli/batch_chunk.hpp"
#include "cli/batch_lines.hpp"
#include "endpoints.hpp"
#include "eval/json_profile_reader.hpp"
#include "request_options.hpp"
#include "responses.hpp"

namespace trappe::serve {
namespace {

constexpr std::size_t chunk_rows = 65536;

// The next chunk of rows from the body's lines, numbered on from `row`; blank
// lines are not rows (as in read_json_profiles).
std::vector<profile_row> next_chunk(const plan& p, std::string_view body, std::size_t& at, std::size_t& row) {
    std::vector<profile_row> rows;
    while (at < body.size() && rows.size() < chunk_rows) {
        std::size_t end = body.find('\n', at);
        if (end == std::string_view::npos) end = body.size();
        const std::string_view line = body.substr(at, end - at);
        at = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        rows.push_back(detail::read_json_line(p, line, ++row));
    }
    return rows;
}

}  // namespace

http_response batch_endpoint(const pack_call& call) {
    auto options = read_options(call.pk, call.target, {"param"});
    if (auto* refused = std::get_if<http_response>(&options)) return std::move(*refused);
    const plan& p = *std::get<request_options>(options).compiled;

    const cli::batch_lines lines(p, true);
    cli::chunk_evaluator results(p, 0);
    const std::optional<std::size_t> borger_id = p.input_index("borger_id");
    std::string out;
    std::size_t at = 0, row = 0, written = 0, reported = 0;
    for (auto rows = next_chunk(p, call.request.body, at, row); !rows.empty();
         rows = next_chunk(p, call.request.body, at, row)) {
        results.evaluate(rows);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const profile_row& r = rows[i];
            const std::size_t k = results.index(i);
            if (k == cli::chunk_evaluator::npos || results.status(k) == row_status::error) {
                const std::vector<input_error> errors = k == cli::chunk_evaluator::npos
                                                            ? r.errors
                                                            : std::vector<input_error>{results.problem(k)};
                out += row_error_json(r.row, errors);
                out += '\n';
                ++reported;
                continue;
            }
            lines.append(out, r.row, borger_id ? std::string_view(r.values->texts[*borger_id]) : std::string_view(),
                         results, k);
            ++written;
        }
    }
    if (row != written + reported)
        throw std::logic_error("row accounting: " + std::to_string(row) + " rows in, " + std::to_string(written) +
                               " written, " + std::to_string(reported) + " reported");
    call.record.rows = row;
    call.record.failed_rows = reported;
    http_response r = pack_response(std::move(out), call.pk.hash, "application/x-ndjson");
    r.headers.emplace_back("X-Trappe-Rows", std::to_string(row));
    r.headers.emplace_back("X-Trappe-Rows-Written", std::to_string(written));
    r.headers.emplace_back("X-Trappe-Rows-Failed", std::to_string(reported));
    return r;
}

}  // namespace trappe::serve
