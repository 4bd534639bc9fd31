// The batch stream; see batch_stream.hpp.

#include "batch_stream.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

#include "eval/json_value.hpp"
#include "eval/record_lines.hpp"
#include "responses.hpp"
#include "trappe/version.hpp"

namespace trappe::serve {
namespace {

namespace json = boost::json;

detail::caseload_options batch_options() {
    detail::caseload_options o;
    o.in = detail::caseload_format::json_lines;
    o.json_out = true;
    o.error_line = [](detail::text_buffer& out, std::size_t row, const std::vector<input_error>& errors) {
        out.append(row_error_json(row, errors));
        out.append("\n");
    };
    return o;
}

}  // namespace

// Whole lines handed on, and the worker that evaluates them and keeps their
// lines until they are collected.
struct batch_stream::part {
    std::string text;
    std::size_t rows = 0, first_row = 0;
    std::unique_ptr<detail::caseload_worker> worker;  // null: it could not be evaluated
    bool finished = false;                            // guarded by mutex_
};

batch_stream::batch_stream(const plan& p, std::string pack, std::string hash, work_pool pool)
    : p_(p), pack_(std::move(pack)), hash_(std::move(hash)), pool_(std::move(pool)), options_(batch_options()),
      lines_(p, true),
      // Two parts per thread of the pool: one evaluated while the next is read.
      max_parts_(2 * std::max(1u, pool_.threads)) {}

batch_stream::~batch_stream() {
    std::unique_lock lock(mutex_);
    none_running_.wait(lock, [&] { return running_ == 0; });
}

// Runs on a thread of the pool: whatever fails is the part's failure, which
// collect() turns into the end of the batch, never an exception in the pool.
void batch_stream::evaluate(part& job) noexcept {
    std::unique_ptr<detail::caseload_worker> worker;
    try {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                worker = std::move(idle_.back());
                idle_.pop_back();
            }
        }
        if (!worker) worker = std::make_unique<detail::caseload_worker>(p_, options_, lines_);
        worker->run(job.text, job.rows, job.first_row);  // keeps what it throws
    } catch (...) {
        worker.reset();
    }
    std::lock_guard lock(mutex_);
    job.worker = std::move(worker);
    job.finished = true;
}

void batch_stream::submit(std::string_view text) {
    auto job = std::make_unique<part>();
    job->text.assign(text);
    hand_on(std::move(job));
}

void batch_stream::hand_on(std::unique_ptr<part> job) {
    const std::string_view text = job->text;
    job->rows = detail::for_each_record(text, [](std::string_view, std::size_t) {});
    job->first_row = rows_handed_on_;
    rows_handed_on_ += job->rows;
    part& handed = *job;
    parts_.push_back(std::move(job));
    if (!pool_.run) {
        // At once, and collected at once, so its worker serves the next part.
        evaluate(handed);
        return drain(ready_);
    }
    {
        std::lock_guard lock(mutex_);
        ++running_;
    }
    try {
        pool_.run([this, &handed] {
            evaluate(handed);
            std::lock_guard lock(mutex_);
            if (--running_ == 0) none_running_.notify_all();
        });
    } catch (...) {
        // Not handed over: it fails here, as it would have there.
        std::lock_guard lock(mutex_);
        handed.finished = true;
        --running_;
    }
}

// The whole lines of pending_, in parts of about part_bytes.
void batch_stream::submit_whole_lines() {
    const std::size_t eol = pending_.rfind('\n');
    if (eol == std::string::npos) return;
    if (eol < 2 * part_bytes) {
        // One part: it takes the text as it is, and pending_ keeps only the rest.
        auto job = std::make_unique<part>();
        job->text = std::move(pending_);
        pending_ = std::string();
        pending_.reserve(part_bytes + (64 << 10));  // grows no more before the next part
        pending_.assign(job->text, eol + 1);
        job->text.resize(eol + 1);
        return hand_on(std::move(job));
    }
    const std::string_view whole = std::string_view(pending_).substr(0, eol + 1);
    for (std::size_t at = 0; at < whole.size();) {
        std::size_t end = whole.size();
        if (end - at > part_bytes) end = whole.find('\n', at + part_bytes) + 1;  // the last byte is a line break
        submit(whole.substr(at, end - at));
        at = end;
    }
    pending_.erase(0, eol + 1);
}

void batch_stream::collect(std::string& out) {
    out += ready_;
    ready_.clear();
    drain(out);
}

// Appends the lines of the finished parts at the front, and the summary once
// the batch has ended and no part is left.
void batch_stream::drain(std::string& out) {
    for (;;) {
        std::unique_ptr<part> job;
        {
            std::lock_guard lock(mutex_);
            if (parts_.empty() || !parts_.front()->finished) break;
            job = std::move(parts_.front());
            parts_.pop_front();
        }
        const detail::caseload_worker* w = job->worker.get();
        const bool counted = w != nullptr && !w->failed() && w->part().rows == job->rows &&
                             w->part().rows == w->part().written + w->part().reported;
        if (!counted) {
            // A part that failed, or whose rows do not add up, ends the batch: its
            // lines and those after it are not sent, and the summary says so.
            if (!broken_) break_off();
        } else if (!broken_) {
            out += w->part().out.view();
            written_ += w->part().written;
            failed_ += w->part().reported;
        }
        if (job->worker) {
            std::lock_guard lock(mutex_);
            idle_.push_back(std::move(job->worker));
        }
    }
    if (!status_.empty() && parts_.empty() && !summary_written_) summary(out);
}

bool batch_stream::feed(std::string_view piece, bool more_waiting, std::string& out) {
    if (!status_.empty()) return false;
    pending_.append(piece);
    if (!more_waiting || pending_.size() >= part_bytes) {
        submit_whole_lines();
        // What is left has no line break: one line, and it is too long.
        if (pending_.size() > max_line) {
            cut("line_too_long", "a line of the body is longer than " + std::to_string(max_line) + " bytes", out);
            return false;
        }
    }
    collect(out);
    return status_.empty();
}

void batch_stream::finish(std::string& out) {
    if (!status_.empty()) return;
    submit_whole_lines();
    if (!pending_.empty()) submit(pending_);  // the last line may lack its line break
    drop_pending();
    status_ = "complete";
    collect(out);
}

void batch_stream::cut(std::string_view code, std::string_view message, std::string& out, bool evaluate_arrived) {
    if (!status_.empty()) return;
    if (evaluate_arrived) submit_whole_lines();
    drop_pending();
    status_ = code;
    message_ = message;
    collect(out);
}

void batch_stream::abandon(std::string& out) {
    if (summary_written_) return;
    drop_pending();
    break_off();
    collect(out);
}

void batch_stream::break_off() {
    status_ = "internal";
    message_ = "the batch could not be served";
    broken_ = true;
}

void batch_stream::drop_pending() {
    pending_.clear();
    pending_.shrink_to_fit();
}

// {"schema": "trappe.batch-summary/1", "rules", "rows": {"in", "written", "errors"}, "complete"[, "error"]}:
// the row counts of `trappe batch`'s manifest, as the stream's last line.
void batch_stream::summary(std::string& out) {
    if (!broken_ && rows() != rows_handed_on_)
        throw std::logic_error("row accounting: " + std::to_string(rows_handed_on_) + " rows in, " +
                               std::to_string(written_) + " written, " + std::to_string(failed_) + " reported");
    json::object line{{"schema", "trappe.batch-summary/1"},
                      {"rules", json::object{{"pack", pack_}, {"hash", hash_}, {"trappe", version_string}}},
                      {"rows", json::object{{"in", rows()}, {"written", written_}, {"errors", failed_}}},
                      {"complete", status_ == "complete"}};
    if (status_ != "complete") line["error"] = json::object{{"code", status_}, {"message", message_}};
    out += detail::write_json(line);
    out += '\n';
    summary_written_ = true;
}

header_list batch_counts(const batch_stream& batch) {
    return {{"X-Trappe-Rows", std::to_string(batch.rows())},
            {"X-Trappe-Rows-Written", std::to_string(batch.written())},
            {"X-Trappe-Rows-Failed", std::to_string(batch.failed())},
            {"X-Trappe-Batch-Status", batch.status().empty() ? "incomplete" : batch.status()}};
}

}  // namespace trappe::serve
