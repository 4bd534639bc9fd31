// POST /v1/packs/{pack}/batch: JSON lines through the columnar evaluator in
// chunks, with the row accounting of `trappe batch` (src/cli/batch.cpp): every
// row in is one line out, a result or the row's errors, in input order. A large
// body is cut at line ends into one part per core, read and evaluated at once.

#include <exception>
#include <stdexcept>
#include <thread>
#include <variant>

#include "cli/batch_chunk.hpp"
#include "cli/batch_lines.hpp"
#include "endpoints.hpp"
#include "eval/json_profile_reader.hpp"
#include "request_options.hpp"
#include "responses.hpp"

namespace trappe::serve {
namespace {

constexpr std::size_t chunk_rows = 16384;
constexpr std::size_t min_part_bytes = 256 * 1024;  // smaller bodies are not worth a thread

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// One part of the body: its lines are rows first_row + 1, first_row + 2, ...
struct part {
    std::string_view text;
    std::size_t first_row = 0;
    std::size_t rows = 0, written = 0, reported = 0;
    std::string out;
    std::exception_ptr failed;
};

// Cuts `body` after line ends into about `n` parts, and numbers their rows as
// read_json_profiles numbers them (blank lines are not rows).
std::vector<part> cut(std::string_view body, std::size_t n) {
    std::vector<part> parts;
    std::size_t start = 0, rows = 0;
    for (std::size_t k = 1; k <= n && start < body.size(); ++k) {
        std::size_t end = k == n ? body.size() : body.find('\n', body.size() * k / n);
        end = end == std::string_view::npos ? body.size() : std::max(end + 1, start);
        part p;
        p.text = body.substr(start, end - start);
        p.first_row = rows;
        for (std::size_t at = 0; at < p.text.size();) {
            std::size_t eol = p.text.find('\n', at);
            if (eol == std::string_view::npos) eol = p.text.size();
            rows += is_blank(p.text.substr(at, eol - at)) ? 0 : 1;
            at = eol + 1;
        }
        parts.push_back(p);
        start = end;
    }
    return parts;
}

// The next chunk of rows of `text` from `at`, numbered on from `row`.
std::vector<profile_row> next_chunk(const plan& p, std::string_view text, std::size_t& at, std::size_t& row) {
    std::vector<profile_row> rows;
    while (at < text.size() && rows.size() < chunk_rows) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(at, end - at);
        at = end + 1;
        if (!is_blank(line)) rows.push_back(detail::read_json_line(p, line, ++row));
    }
    return rows;
}

void evaluate_part(const plan& p, part& pt) {
    const cli::batch_lines lines(p, true);
    cli::chunk_evaluator results(p, 1);
    const std::optional<std::size_t> borger_id = p.input_index("borger_id");
    std::size_t at = 0, row = pt.first_row;
    for (auto rows = next_chunk(p, pt.text, at, row); !rows.empty(); rows = next_chunk(p, pt.text, at, row)) {
        results.evaluate(rows);
        pt.rows += rows.size();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const profile_row& r = rows[i];
            const std::size_t k = results.index(i);
            if (k == cli::chunk_evaluator::npos || results.status(k) == row_status::error) {
                pt.out += row_error_json(r.row, k == cli::chunk_evaluator::npos ? r.errors
                                                                                : std::vector<input_error>{results.problem(k)});
                pt.out += '\n';
                ++pt.reported;
                continue;
            }
            lines.append(pt.out, r.row, borger_id ? std::string_view(r.values->texts[*borger_id]) : std::string_view(),
                         results, k);
            ++pt.written;
        }
    }
}

}  // namespace

http_response batch_endpoint(const pack_call& call) {
    auto options = read_options(call.pk, call.target, {"param"});
    if (auto* refused = std::get_if<http_response>(&options)) return std::move(*refused);
    const plan& p = *std::get<request_options>(options).compiled;

    const std::string_view body = call.request.body;
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    std::vector<part> parts = cut(body, std::min(cores, body.size() / min_part_bytes + 1));
    {
        std::vector<std::jthread> helpers;
        for (std::size_t i = 1; i < parts.size(); ++i)
            helpers.emplace_back([&p, &pt = parts[i]] {
                try {
                    evaluate_part(p, pt);
                } catch (...) {
                    pt.failed = std::current_exception();
                }
            });
        if (!parts.empty()) evaluate_part(p, parts[0]);
    }
    std::size_t rows = 0, written = 0, reported = 0, size = 0;
    for (const part& pt : parts) {
        if (pt.failed) std::rethrow_exception(pt.failed);
        rows += pt.rows;
        written += pt.written;
        reported += pt.reported;
        size += pt.out.size();
    }
    if (rows != written + reported)
        throw std::logic_error("row accounting: " + std::to_string(rows) + " rows in, " + std::to_string(written) +
                               " written, " + std::to_string(reported) + " reported");
    std::string out;
    out.reserve(size);
    for (const part& pt : parts) out += pt.out;
    call.record.rows = rows;
    call.record.failed_rows = reported;
    http_response r = pack_response(std::move(out), call.pk.hash, "application/x-ndjson");
    r.headers.emplace_back("X-Trappe-Rows", std::to_string(rows));
    r.headers.emplace_back("X-Trappe-Rows-Written", std::to_string(written));
    r.headers.emplace_back("X-Trappe-Rows-Failed", std::to_string(reported));
    return r;
}

}  // namespace trappe::serve
