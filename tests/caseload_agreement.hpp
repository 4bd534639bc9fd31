#pragma once
// Checks the columnar caseload run (src/eval/caseload_run.hpp) against the exact
// readers, row by row, without GoogleTest, so the tests and the fuzz harnesses
// share it: every row the exact reader reads is written with the decision
// evaluate_batch gives its profile, and every other row is reported with the
// same errors, in the same order.

#include <string>
#include <string_view>
#include <vector>

#include "batch_of_profiles.hpp"
#include "eval/caseload_run.hpp"
#include "trappe/trappe.hpp"

namespace trappe::testing {

inline std::string error_line(std::size_t row, const std::vector<input_error>& errors) {
    std::string line;
    for (const input_error& e : errors)
        line += std::to_string(row) + "|" + detail::json_string(e.field) + "|" + detail::json_string(e.message) + ";";
    return line + "\n";
}

/// The output and error lines the exact readers and evaluate_batch give for
/// `text` (a CSV file with its header, or JSON lines), in the form caseload_run
/// writes with an error_line: one line per bad row, "row|field|message;..." with
/// the field and message as JSON strings (an unknown key may hold a line break).
inline std::string expected_caseload(const plan& p, std::string_view text, bool csv, bool json_out) {
    const std::vector<profile_row> rows = csv ? read_csv_profiles(p, text) : read_json_profiles(p, text);
    std::vector<profile> good;
    for (const profile_row& r : rows)
        if (r.values) good.push_back(*r.values);
    const batch_run run = good.empty() ? batch_run{} : run_as_batch(p, good);
    const detail::block_results results(p, run.lo, run.hi, run.status);
    const detail::decision_lines lines(p, json_out);
    const std::optional<std::size_t> id = p.input_index("borger_id");
    detail::text_buffer out;
    std::size_t k = 0;
    for (const profile_row& r : rows) {
        std::vector<input_error> errors = r.errors;
        if (r.values) {
            if (run.status[k] != row_status::error) {
                lines.append(out, r.row, id ? std::string_view(r.values->texts[*id]) : std::string_view(), results, k++);
                continue;
            }
            for (const input_error& e : run.summary.problems)
                if (e.row == k + 1) errors.push_back(e);
            ++k;
        }
        out.append(error_line(r.row, errors));
    }
    return std::string(out.view());
}

/// The same through caseload_run, on `threads` threads with parts of at most
/// `part_rows` rows, the text handed over in pieces cut after line breaks of
/// about `piece_bytes` bytes, as trappe batch reads a file.
inline std::string caseload_output(const plan& p, std::string_view text, bool csv, bool json_out, unsigned threads,
                                   std::size_t part_rows, std::size_t piece_bytes) {
    detail::caseload_options o;
    std::string_view body = text;
    if (csv && text.empty()) return "";  // no header, no rows (trappe batch reads nothing either)
    if (csv) {
        const std::size_t eol = text.find('\n');
        o.csv_header = std::string(text.substr(0, eol));
        body = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    }
    o.in = csv ? detail::caseload_format::csv : detail::caseload_format::json_lines;
    o.json_out = json_out;
    o.threads = threads;
    o.part_rows = part_rows;
    o.error_line = [](detail::text_buffer& out, std::size_t row, const std::vector<input_error>& errors) {
        out.append(error_line(row, errors));
    };
    detail::caseload_run run(p, std::move(o));
    std::string out;
    const auto sink = [&](detail::caseload_part& part) { out += part.out.view(); };
    while (!body.empty()) {
        std::size_t cut = body.size();
        if (piece_bytes < body.size()) {
            const std::size_t eol = body.find('\n', piece_bytes);
            cut = eol == std::string_view::npos ? body.size() : eol + 1;
        }
        run.process(body.substr(0, cut), sink);
        body.remove_prefix(cut);
    }
    return out;
}

}  // namespace trappe::testing
