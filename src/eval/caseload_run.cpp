// The caseload run; see caseload_run.hpp. Each worker reads its part straight
// into columns, evaluates them on one thread and writes its lines; parts run at
// once on all cores and are handed on in input order.

#include "caseload_run.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <thread>

#include "record_lines.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {

caseload_run::caseload_run(const plan& p, caseload_options options)
    : p_(p), o_(std::move(options)), lines_(p, o_.json_out, o_.style) {
    if (o_.threads == 0) o_.threads = std::max(1u, std::thread::hardware_concurrency());
    o_.part_rows = std::max<std::size_t>(o_.part_rows, 1);
    for (unsigned t = 0; t < o_.threads; ++t) workers_.push_back(std::make_unique<caseload_worker>(p_, o_, lines_));
}

caseload_run::~caseload_run() = default;

std::string caseload_run::output_header() const { return lines_.header(); }

void caseload_run::process(std::string_view text, const std::function<void(caseload_part&)>& sink) {
    struct piece {
        std::string_view text;
        std::size_t rows = 0, first_row = 0;
    };
    std::vector<piece> pieces;
    std::size_t at = 0;
    while (at < text.size()) {
        // Up to one part per worker, each at most part_rows rows and about an
        // equal share of the text, cut after a line break.
        pieces.clear();
        const std::size_t left = text.size() - at;
        const std::size_t parts = workers_.size();
        const std::size_t share = left / parts + 1;
        for (std::size_t w = 0; w < parts && at < text.size(); ++w) {
            piece pc;
            const std::size_t start = at;
            pc.first_row = rows_;
            while (at < text.size() && pc.rows < o_.part_rows && (w + 1 == parts || at - start < share)) {
                std::size_t eol = text.find('\n', at);
                eol = eol == std::string_view::npos ? text.size() : eol;
                if (!blank_line(text.substr(at, eol - at))) ++pc.rows;
                at = std::min(eol + 1, text.size());
            }
            pc.text = text.substr(start, at - start);
            rows_ += pc.rows;
            pieces.push_back(pc);
        }
        {
            std::vector<std::jthread> helpers;
            for (std::size_t w = 1; w < pieces.size(); ++w)
                helpers.emplace_back([this, w, &pieces] { workers_[w]->run(pieces[w].text, pieces[w].rows, pieces[w].first_row); });
            workers_[0]->run(pieces[0].text, pieces[0].rows, pieces[0].first_row);
        }
        for (std::size_t w = 0; w < pieces.size(); ++w) {
            if (workers_[w]->failed()) std::rethrow_exception(workers_[w]->failed());
            if (workers_[w]->part().rows != pieces[w].rows)
                throw std::logic_error("row accounting: a part read " + std::to_string(workers_[w]->part().rows) +
                                       " rows of " + std::to_string(pieces[w].rows));
            sink(workers_[w]->part());
        }
    }
}

void caseload_run::process(const std::vector<profile_row>& rows, const std::function<void(caseload_part&)>& sink) {
    caseload_worker& w = *workers_[0];
    w.run(rows, rows_);
    if (w.failed()) std::rethrow_exception(w.failed());
    rows_ += rows.size();
    sink(w.part());
}

}  // namespace trappe::detail
