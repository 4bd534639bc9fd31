// The batch stream; see batch_stream.hpp.

#include "batch_stream.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>
#include <thread>

#include "eval/json_value.hpp"
#include "responses.hpp"
#include "trappe/version.hpp"

namespace trappe::serve {
namespace {

namespace json = boost::json;

// Whole lines gathered before they are evaluated while more of the body is
// waiting: big enough for every core to get a part, small enough to stay in memory.
constexpr std::size_t gather_bytes = 2 << 20;
// Less text than this per core is evaluated on one thread: a thread costs more than a few rows.
constexpr std::size_t min_part_bytes = 256 * 1024;

detail::caseload_options batch_options() {
    detail::caseload_options o;
    o.in = detail::caseload_format::json_lines;
    o.json_out = true;
    o.threads = std::max(1u, std::thread::hardware_concurrency());
    o.part_rows = 16384;
    o.min_part_bytes = min_part_bytes;
    o.error_line = [](detail::text_buffer& out, std::size_t row, const std::vector<input_error>& errors) {
        out.append(row_error_json(row, errors));
        out.append("\n");
    };
    return o;
}

}  // namespace

batch_stream::batch_stream(const plan& p, std::string pack, std::string hash)
    : pack_(std::move(pack)), hash_(std::move(hash)), run_(p, batch_options()) {}

void batch_stream::run(std::string_view text, std::string& out) {
    run_.process(text, [&](detail::caseload_part& part) {
        out += part.out.view();
        written_ += part.written;
        failed_ += part.reported;
    });
    if (run_.rows() != written_ + failed_)
        throw std::logic_error("row accounting: " + std::to_string(run_.rows()) + " rows in, " +
                               std::to_string(written_) + " written, " + std::to_string(failed_) + " reported");
}

void batch_stream::run_whole_lines(std::string& out) {
    const std::size_t eol = pending_.rfind('\n');
    if (eol == std::string::npos) return;
    run(std::string_view(pending_).substr(0, eol + 1), out);
    pending_.erase(0, eol + 1);
}

bool batch_stream::feed(std::string_view piece, bool more_waiting, std::string& out) {
    if (!status_.empty()) return false;
    pending_.append(piece);
    if (!more_waiting || pending_.size() >= gather_bytes) {
        run_whole_lines(out);
        // What is left has no line break: one line, and it is too long.
        if (pending_.size() > max_line) {
            cut("line_too_long", "a line of the body is longer than " + std::to_string(max_line) + " bytes", out);
            return false;
        }
    }
    return true;
}

void batch_stream::finish(std::string& out) {
    if (!status_.empty()) return;
    run(pending_, out);  // the last line may lack its line break
    pending_.clear();
    pending_.shrink_to_fit();
    status_ = "complete";
    summary("", out);
}

void batch_stream::cut(std::string_view code, std::string_view message, std::string& out, bool evaluate_arrived) {
    if (!status_.empty()) return;
    if (evaluate_arrived) run_whole_lines(out);
    pending_.clear();
    pending_.shrink_to_fit();
    status_ = code;
    summary(message, out);
}

// {"schema": "trappe.batch-summary/1", "rules", "rows": {"in", "written", "errors"}, "complete"[, "error"]}:
// the row counts of `trappe batch`'s manifest, as the stream's last line.
void batch_stream::summary(std::string_view message, std::string& out) {
    json::object line{{"schema", "trappe.batch-summary/1"},
                      {"rules", json::object{{"pack", pack_}, {"hash", hash_}, {"trappe", version_string}}},
                      {"rows", json::object{{"in", rows()}, {"written", written_}, {"errors", failed_}}},
                      {"complete", status_ == "complete"}};
    if (status_ != "complete") line["error"] = json::object{{"code", status_}, {"message", message}};
    out += detail::write_json(line);
    out += '\n';
}

header_list batch_counts(const batch_stream& batch) {
    return {{"X-Trappe-Rows", std::to_string(batch.rows())},
            {"X-Trappe-Rows-Written", std::to_string(batch.written())},
            {"X-Trappe-Rows-Failed", std::to_string(batch.failed())},
            {"X-Trappe-Batch-Status", batch.status().empty() ? "incomplete" : batch.status()}};
}

}  // namespace trappe::serve
