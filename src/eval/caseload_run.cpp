// The caseload run; see caseload_run.hpp. Each worker reads its part straight
// into columns, evaluates them on one thread and writes its lines; parts run at
// once on all cores and are handed on in input order.

#include "caseload_run.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>
#include <variant>

#include "csv_block_reader.hpp"
#include "json_block_reader.hpp"
#include "record_lines.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {

struct caseload_run::worker {
    const plan& p;
    const caseload_options& options;
    const decision_lines& lines;
    std::variant<csv_block_reader, json_block_reader> reader;
    profile_block block;
    // Rows evaluated at a time: their results (as narrow as the outputs) stay in
    // cache until their lines are written.
    static constexpr std::size_t slice_rows = 2048;
    block_results results;
    std::vector<input_column> slice_inputs;
    std::size_t slice_start = 0, slice_end = 0;  // the rows of the block in `results`
    batch_summary summary;                     // of the slice; `problem` points into it
    std::vector<const input_error*> problem;   // per row of the slice: its problem, if any
    std::optional<std::size_t> borger_id;
    caseload_part part;
    std::exception_ptr failed;

    static std::variant<csv_block_reader, json_block_reader> reader_for(const plan& p, const caseload_options& o) {
        if (o.in == caseload_format::csv) return csv_block_reader(p, o.csv_header);
        return json_block_reader(p);
    }

    worker(const plan& pl, const caseload_options& opt, const decision_lines& l)
        : p(pl), options(opt), lines(l), reader(reader_for(pl, opt)), block(pl), results(pl, slice_rows),
          borger_id(pl.input_index("borger_id")) {}

    void clear() {
        part.out.clear();
        part.errors.clear();
        part.rows = part.written = part.reported = 0;
        part.kept.clear();
        failed = nullptr;
    }

    void read(std::string_view text, std::size_t rows) {
        block.reset(rows);
        part.rows = std::visit([&](auto& r) { return r.read(text, block); }, reader);
    }

    void read(const std::vector<profile_row>& rows) {
        block.reset(rows.size());
        for (std::size_t r = 0; r < rows.size(); ++r) block.add(rows[r], r + 1);
        part.rows = rows.size();
    }

    // Evaluates the rows of the block from k on, a slice at a time: the slice's
    // results are written out while they are still in cache.
    void evaluate_slice(std::size_t k) {
        const std::size_t n = std::min(slice_rows, block.rows() - k);
        const std::vector<input_column>& columns = block.columns();
        slice_inputs.resize(columns.size());
        for (std::size_t i = 0; i < columns.size(); ++i)
            slice_inputs[i] = {columns[i].type, static_cast<const std::uint8_t*>(columns[i].data) + k * element_size(columns[i].type),
                               columns[i].valid + k};
        summary = evaluate_batch(p, n, slice_inputs, results.columns(), results.status_data(), {1});
        problem.assign(slice_rows, nullptr);
        for (const input_error& e : summary.problems) problem[e.row - 1] = &e;
        slice_start = k;
        slice_end = k + n;
    }

    void report(std::size_t row, std::vector<input_error> errors) {
        ++part.reported;
        for (input_error& e : errors) e.row = row;
        if (options.error_line) options.error_line(part.out, row, errors);
        else std::move(errors.begin(), errors.end(), std::back_inserter(part.errors));
    }

    // The values of row `at` of the slice (row k of the block), for an analysis.
    void keep(std::size_t row, std::string_view id, std::size_t at, std::size_t k) {
        kept_rows& kept = part.kept;
        kept.row.push_back(row);
        kept.ids += id;
        kept.id_end.push_back(kept.ids.size());
        const std::size_t outputs = results.columns().size();
        for (std::size_t o = 0; o < outputs; ++o) {
            kept.lo.push_back(results.lo(o, at));
            kept.hi.push_back(results.hi(o, at));
        }
        const std::vector<input_column>& columns = block.columns();
        for (const std::size_t i : options.kept_inputs) {
            const input_column& c = columns[i];
            kept.inputs.push_back(c.valid != nullptr && c.valid[k] == 0 ? kept_rows::unassessed : load(c, k));
        }
    }

    static std::int64_t load(const input_column& c, std::size_t k) noexcept {
        const auto* at = static_cast<const std::uint8_t*>(c.data);
        switch (c.type) {
            case element_type::i8: return static_cast<std::int8_t>(at[k]);
            case element_type::i16: { std::int16_t v; std::memcpy(&v, at + 2 * k, 2); return v; }
            case element_type::i32: { std::int32_t v; std::memcpy(&v, at + 4 * k, 4); return v; }
            case element_type::i64: { std::int64_t v; std::memcpy(&v, at + 8 * k, 8); return v; }
        }
        return 0;
    }

    // Every row of the part, in order: written, or reported with its errors.
    void write(std::size_t first_row) {
        slice_start = slice_end = 0;
        const std::vector<input_error>& errors = block.errors();
        std::size_t k = 0, e = 0;
        for (std::size_t r = 1; r <= part.rows; ++r) {
            const std::size_t row = first_row + r;
            if (e < errors.size() && errors[e].row == r) {
                std::vector<input_error> of_row;
                while (e < errors.size() && errors[e].row == r) of_row.push_back(errors[e++]);
                report(row, std::move(of_row));
                continue;
            }
            if (k >= block.rows() || block.row_number(k) != r)
                throw std::logic_error("row accounting: row " + std::to_string(row) + " neither read nor reported");
            if (k >= slice_end) evaluate_slice(k);
            const std::size_t at = k - slice_start;
            if (results.status(at) == row_status::error) {
                if (problem[at] == nullptr) throw std::logic_error("row accounting: an error without its problem");
                report(row, {*problem[at]});
            } else {
                const std::string_view id = borger_id ? block.text(*borger_id, k) : std::string_view();
                if (options.write_lines) lines.append(part.out, row, id, results, at);
                if (options.keep_results) keep(row, id, at, k);
                ++part.written;
            }
            ++k;
        }
        if (k != block.rows() || e != errors.size() || part.rows != part.written + part.reported)
            throw std::logic_error("row accounting: " + std::to_string(part.rows) + " rows in, " +
                                   std::to_string(part.written) + " written, " + std::to_string(part.reported) +
                                   " reported");
    }

    void run(std::string_view text, std::size_t rows, std::size_t first_row) {
        try {
            read(text, rows);
            write(first_row);
        } catch (...) {
            failed = std::current_exception();
        }
    }

};

caseload_run::caseload_run(const plan& p, caseload_options options)
    : p_(p), o_(std::move(options)), lines_(p, o_.json_out, o_.style) {
    if (o_.threads == 0) o_.threads = std::max(1u, std::thread::hardware_concurrency());
    o_.part_rows = std::max<std::size_t>(o_.part_rows, 1);
    for (unsigned t = 0; t < o_.threads; ++t) workers_.push_back(std::make_unique<worker>(p_, o_, lines_));
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
        const std::size_t parts =
            o_.min_part_bytes == 0 ? workers_.size() : std::min(workers_.size(), left / o_.min_part_bytes + 1);
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
            for (std::size_t w = 0; w < pieces.size(); ++w) workers_[w]->clear();
            for (std::size_t w = 1; w < pieces.size(); ++w)
                helpers.emplace_back([this, w, &pieces] { workers_[w]->run(pieces[w].text, pieces[w].rows, pieces[w].first_row); });
            workers_[0]->run(pieces[0].text, pieces[0].rows, pieces[0].first_row);
        }
        for (std::size_t w = 0; w < pieces.size(); ++w) {
            if (workers_[w]->failed) std::rethrow_exception(workers_[w]->failed);
            if (workers_[w]->part.rows != pieces[w].rows)
                throw std::logic_error("row accounting: a part read " + std::to_string(workers_[w]->part.rows) +
                                       " rows of " + std::to_string(pieces[w].rows));
            sink(workers_[w]->part);
        }
    }
}

void caseload_run::process(const std::vector<profile_row>& rows, const std::function<void(caseload_part&)>& sink) {
    worker& w = *workers_[0];
    w.clear();
    try {
        w.read(rows);
        w.write(rows_);
    } catch (...) {
        w.failed = std::current_exception();
    }
    if (w.failed) std::rethrow_exception(w.failed);
    rows_ += rows.size();
    sink(w.part);
}

}  // namespace trappe::detail
