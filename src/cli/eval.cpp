#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "eval/row_error_json.hpp"
#include "options.hpp"
#include "output_file.hpp"
#include "parameter_settings.hpp"
#include "progress.hpp"
#include "run_manifest.hpp"
#include "same_file.hpp"
#include "standard_output.hpp"

namespace trappe::cli {

namespace {

const command_spec spec{"eval",
                        "usage: trappe eval <rules> <profiles> [--json] [--as-of YYYY-MM-DD] [--set NAME=VALUE]...\n"
                        "                   [--manifest FILE] [--progress-seconds S] [--quiet]\n"
                        "\n"
                        "Evaluates profiles (.json, .jsonl or .csv) and prints each decision in Danish, or with\n"
                        "--json as one JSON line per row and the run manifest as the last line. A bad row is\n"
                        "reported by row and field on stderr.\n"
                        "  --json                one JSON line per row (decisions and errors), then the manifest\n"
                        "  --as-of YYYY-MM-DD    the date that selects dated parameter versions\n"
                        "  --manifest FILE       the run manifest as JSON: rules, parameters, input SHA-256, rows\n"
                        "  --progress-seconds S  seconds between progress lines when not on a terminal (default 5)\n"
                        "  --quiet               no progress\n" +
                            set_usage(24) +
                            "Exit 0 when every row was evaluated, 1 for rule errors or bad rows, 2 for wrong usage or\n"
                            "an I/O failure.\n",
                        {"--json", "--quiet"},
                        {"--as-of", "--manifest", "--progress-seconds"},
                        2,
                        2,
                        {"--set"}};

// Writes one line to standard output; stops at the first failed write rather
// than evaluate the rest for nothing.
void print_line(const std::string& line) {
    std::cout << line << '\n';
    if (!std::cout) check_standard_output(errno);
}

}  // namespace

int eval_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    const bool as_json = parsed.has("--json");
    std::optional<day_number> as_of;
    if (const auto date = parsed.value("--as-of")) {
        as_of = parse_date(*date);
        if (!as_of) throw usage_error("--as-of needs a date as YYYY-MM-DD", spec.usage);
    }
    const std::string manifest_path = parsed.value("--manifest").value_or("");
    double progress_seconds = 5;
    if (const auto v = parsed.value("--progress-seconds")) progress_seconds = parse_seconds(*v, "--progress-seconds");
    const std::vector<std::string>& positional = parsed.positional;
    if (!manifest_path.empty()) {
        std::vector<named_path> paths{{"<profiles>", positional[1]}, {"--manifest", manifest_path}};
        if (!written_in_place(manifest_path)) paths.push_back({"the temporary file of --manifest", partial_path(manifest_path)});
        refuse_same_files(paths);
    }
    const auto plan = load_plan(positional[0], parsed, spec);
    if (!plan) return 1;
    // Streamed in pieces, so memory stays flat for any input size.
    profile_stream in(*plan, positional[1]);
    std::optional<run_manifest> manifest;
    if (as_json || !manifest_path.empty()) manifest.emplace(*plan, "eval", positional[1], as_of);
    // A bar redrawn on the terminal that shows the decisions would break their lines.
    const bool decisions_on_terminal = isatty(STDOUT_FILENO) != 0 && isatty(STDERR_FILENO) != 0;
    progress_meter progress("eval", parsed.has("--quiet") || decisions_on_terminal, progress_seconds, in.size());
    std::size_t rows = 0, failed = 0;
    for (std::vector<profile_row> piece = in.next(4096); !piece.empty(); piece = in.next(4096)) {
        for (const profile_row& row : piece) {
            ++rows;
            std::vector<input_error> errors = row.errors;
            if (row.values) {
                evaluation result = evaluate(*plan, *row.values, as_of);
                if (auto* d = std::get_if<decision>(&result)) {
                    print_line(as_json ? to_json(*d, row.row) : "Række " + std::to_string(row.row) + ":\n" + to_text(*d));
                    continue;
                }
                input_error e = std::get<input_error>(result);
                e.row = row.row;
                errors.push_back(e);
            }
            ++failed;
            // Errors name the row and field only: profile values are personal data.
            for (const input_error& e : errors) std::cerr << "trappe eval: " << e.describe() << '\n';
            if (as_json) print_line(detail::row_error_json(row.row, errors));
        }
        progress.update(rows, in.bytes_read());
    }
    progress.finish();
    if (manifest) {
        manifest->finish({rows, rows - failed, failed});
        // Standard output cannot be rewound: the manifest, with its counts, comes last.
        if (as_json) print_line(manifest->json());
    }
    // Before the summary: a run whose output was lost must not say it evaluated.
    check_standard_output();
    if (!manifest_path.empty()) {
        output_file file(manifest_path);
        file.write(manifest->json() + "\n");
        file.commit();
    }
    std::cerr << rows << " rows: " << rows - failed << " evaluated, " << failed << " with errors\n";
    return failed == 0 ? 0 : 1;
}

}  // namespace trappe::cli
