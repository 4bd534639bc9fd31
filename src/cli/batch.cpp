// trappe batch: streams profiles through the columnar evaluator in chunks, so
// memory stays flat, and accounts for every row: each row in is either written
// or reported by row number and field. Output goes through a temporary file
// renamed at the end (output_file.hpp), and an interrupt removes it.

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "commands.hpp"
#include "common/text_escape.hpp"
#include "eval/caseload_run.hpp"
#include "interrupt.hpp"
#include "options.hpp"
#include "output_file.hpp"
#include "parameter_settings.hpp"
#include "progress.hpp"
#include "run_manifest.hpp"
#include "same_file.hpp"

namespace trappe::cli {
namespace {

struct options {
    std::string rules, in, out, errors, manifest;
    unsigned threads = 0;
    std::size_t chunk_rows = 65536;
    double progress_seconds = 5;
    bool quiet = false;
    bool spreadsheet_safe = false;
};

// Thrown between chunks when a signal asked the run to stop.
struct interrupted {
    int signal;
};

void stop_if_interrupted() {
    if (const int s = interrupt_signal(); s != 0) throw interrupted{s};
}

class batch_job {
public:
    batch_job(const plan& p, const options& o)
        : p_(p), o_(o), json_out_(std::filesystem::path(o.out).extension() != ".csv") {}

    int run() {
        // Before anything is opened for writing: an output over the input would
        // destroy it, and one output over the other would lose rows.
        std::vector<named_path> paths{{"--in", o_.in}, {"--out", o_.out}};
        if (!written_in_place(o_.out)) paths.push_back({"the temporary file of --out", partial_path(o_.out)});
        if (!o_.errors.empty()) {
            paths.push_back({"--errors", o_.errors});
            if (!written_in_place(o_.errors)) paths.push_back({"the temporary file of --errors", partial_path(o_.errors)});
        }
        if (!o_.manifest.empty()) {
            paths.push_back({"--manifest", o_.manifest});
            if (!written_in_place(o_.manifest))
                paths.push_back({"the temporary file of --manifest", partial_path(o_.manifest)});
        }
        refuse_same_files(paths);

        catch_interrupts();
        profile_stream in(p_, o_.in);
        detail::caseload_run run(p_, caseload_options(in));
        // JSON lines start with the manifest, which carries the rules' hash. For now
        // the input's SHA-256 is a pass of its own over the file.
        std::optional<run_manifest> manifest;
        if (json_out_ || !o_.manifest.empty()) manifest.emplace(p_, "batch", o_.in, std::nullopt, stop_if_interrupted);
        output_file out(o_.out);
        std::optional<output_file> errors;
        if (!o_.errors.empty()) {
            errors.emplace(o_.errors);
            errors->write("row,field,message\n");
        }
        progress_meter progress("batch", o_.quiet, o_.progress_seconds, in.size());
        const auto start = std::chrono::steady_clock::now();
        out.write(json_out_ ? manifest->padded_line() : run.output_header());
        const auto sink = [&](detail::caseload_part& part) {
            out.write(part.out.view());
            for (const input_error& e : part.errors) report(errors ? &*errors : nullptr, e);
            rows_in_ += part.rows;
            rows_written_ += part.written;
            rows_reported_ += part.reported;
            progress.update(rows_in_, in.bytes_read());
        };
        if (in.format() == profile_stream::file_format::json_document) {
            // One JSON document, read whole by the exact reader.
            for (auto rows = in.next(o_.chunk_rows); !rows.empty(); rows = in.next(o_.chunk_rows)) {
                stop_if_interrupted();
                run.process(rows, sink);
            }
        } else {
            std::string buffer;
            const std::size_t bytes = read_bytes * std::max<std::size_t>(o_.threads, 1);
            for (auto text = in.next_lines(buffer, bytes); !text.empty(); text = in.next_lines(buffer, bytes)) {
                stop_if_interrupted();
                run.process(text, sink);
            }
        }
        stop_if_interrupted();
        progress.finish();
        if (rows_in_ != rows_written_ + rows_reported_ || rows_in_ != run.rows())
            throw std::logic_error("row accounting: " + std::to_string(rows_in_) + " rows in, " +
                                   std::to_string(rows_written_) + " written, " + std::to_string(rows_reported_) +
                                   " reported");
        if (manifest) {
            manifest->finish({rows_in_, rows_written_, rows_reported_});
            // Completed in place before the rename; a pipe or a device keeps the first line's nulls.
            if (json_out_ && out.rewritable()) out.overwrite(0, manifest->padded_line());
        }
        if (errors) errors->commit();
        out.commit();
        if (!o_.manifest.empty()) {
            output_file file(o_.manifest);
            file.write(manifest->json() + "\n");
            file.commit();
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << rows_in_ << " rows: " << rows_written_ << " written, " << rows_reported_ << " with errors; "
                  << seconds << " s, " << static_cast<std::size_t>(static_cast<double>(rows_in_) / std::max(seconds, 1e-9))
                  << " rows/s\n";
        return rows_reported_ == 0 ? 0 : 1;
    }

private:
    // Text read at a time per thread: a few MiB keeps every core busy and the
    // memory flat for any file size.
    static constexpr std::size_t read_bytes = 4 << 20;

    detail::caseload_options caseload_options(const profile_stream& in) const {
        detail::caseload_options c;
        // An empty CSV file has no header and no line to read.
        c.in = in.format() == profile_stream::file_format::csv && !in.csv_header().empty() ? detail::caseload_format::csv
                                                                                          : detail::caseload_format::json_lines;
        c.csv_header = in.csv_header();
        c.json_out = json_out_;
        c.style.spreadsheet_safe = o_.spreadsheet_safe;
        c.threads = o_.threads;
        c.part_rows = o_.chunk_rows;
        return c;
    }

    // Errors name the row and field only: profile values are personal data.
    void report(output_file* errors, const input_error& e) {
        if (errors == nullptr) {
            std::cerr << "trappe batch: " << e.describe() << '\n';
            return;
        }
        std::string line = std::to_string(e.row);
        line += ',';
        detail::append_csv_cell(line, e.field, {o_.spreadsheet_safe});
        line += ',';
        detail::append_csv_cell(line, e.message, {o_.spreadsheet_safe});
        line += '\n';
        errors->write(line);
    }

    const plan& p_;
    const options& o_;
    bool json_out_;  // JSON lines out (the manifest first), else CSV
    std::size_t rows_in_ = 0, rows_written_ = 0, rows_reported_ = 0;
};

const command_spec spec{
    "batch",
    "usage: trappe batch <rules> --in FILE --out FILE [--errors FILE] [--manifest FILE]\n"
    "                    [--set NAME=VALUE]... [--threads N] [--chunk-rows N] [--progress-seconds S] [--quiet]\n"
    "                    [--spreadsheet-safe]\n"
    "\n"
    "Evaluates a large CSV or JSON lines file on all cores, streaming. Every row in is written to\n"
    "--out or reported by row and field in --errors (or on stderr).\n"
    "  --in FILE               the profiles (.csv, or JSON lines)\n"
    "  --out FILE              the decisions (.csv, or JSON lines), renamed into place at the end;\n"
    "                          JSON lines start with the run manifest\n"
    "  --errors FILE           the bad rows as CSV: row,field,message\n"
    "  --manifest FILE         the run manifest as JSON: rules, parameters, input SHA-256, row counts\n"
    "  --threads N             threads (default: all cores)\n"
    "  --chunk-rows N          rows read and evaluated at a time per thread, at most (default 65536)\n"
    "  --progress-seconds S    seconds between progress lines when not on a terminal (default 5)\n"
    "  --quiet                 no progress\n"
    "  --spreadsheet-safe      CSV cells that a spreadsheet would run as a formula (starting with\n"
    "                          =, +, - or @) get a ' in front\n" +
        set_usage(26) +
        "Exit 0 when every row was written, 1 for rule errors or reported rows, 2 for wrong usage or an\n"
        "I/O failure, 128 + N when stopped by signal N.\n",
    {"--quiet", "--spreadsheet-safe"},
    {"--in", "--out", "--errors", "--manifest", "--threads", "--chunk-rows", "--progress-seconds"},
    1,
    1,
    {"--set"}};

}  // namespace

int batch_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    options o;
    o.in = parsed.value("--in").value_or("");
    o.out = parsed.value("--out").value_or("");
    o.errors = parsed.value("--errors").value_or("");
    o.manifest = parsed.value("--manifest").value_or("");
    if (const auto v = parsed.value("--threads")) o.threads = static_cast<unsigned>(parse_count(*v, "--threads"));
    if (const auto v = parsed.value("--chunk-rows")) o.chunk_rows = parse_count(*v, "--chunk-rows");
    if (const auto v = parsed.value("--progress-seconds")) o.progress_seconds = parse_seconds(*v, "--progress-seconds");
    o.quiet = parsed.has("--quiet");
    o.spreadsheet_safe = parsed.has("--spreadsheet-safe");
    if (o.in.empty() || o.out.empty()) throw usage_error("--in and --out are needed", spec.usage);
    if (o.chunk_rows == 0) throw usage_error("--chunk-rows needs at least 1", spec.usage);
    const auto plan = load_plan(parsed.positional[0], parsed, spec);
    if (!plan) return 1;
    try {
        return batch_job(*plan, o).run();
    } catch (const interrupted& i) {
        // The partial files were removed as the job unwound.
        std::cerr << "trappe batch: interrupted by SIG" << sigabbrev_np(i.signal) << "; stopped, partial output removed\n";
        return 128 + i.signal;
    }
}

}  // namespace trappe::cli
