#include <cerrno>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "standard_output.hpp"
#include "common/text_escape.hpp"

namespace trappe::cli {

namespace {

const command_spec spec{"eval",
                        "usage: trappe eval <rules> <profiles> [--json] [--as-of YYYY-MM-DD]\n"
                        "\n"
                        "Evaluates profiles (.json, .jsonl or .csv) and prints each decision in Danish, or with\n"
                        "--json as one JSON line per row. A bad row is reported by row and field on stderr.\n"
                        "  --json                one JSON line per row (decisions and errors)\n"
                        "  --as-of YYYY-MM-DD    the date that selects dated parameter versions\n"
                        "Exit 0 when every row was evaluated, 1 for rule errors or bad rows, 2 for wrong usage or\n"
                        "an I/O failure.\n",
                        {"--json"}, {"--as-of"}, 2, 2};

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
    const std::vector<std::string>& positional = parsed.positional;
    const auto plan = load_plan(positional[0]);
    if (!plan) return 1;
    // Streamed in pieces, so memory stays flat for any input size.
    profile_stream in(*plan, positional[1]);
    std::size_t rows = 0, failed = 0;
    for (std::vector<profile_row> piece = in.next(4096); !piece.empty(); piece = in.next(4096)) {
        for (const profile_row& row : piece) {
            ++rows;
            std::vector<input_error> errors = row.errors;
            if (row.values) {
                evaluation result = evaluate(*plan, *row.values, as_of);
                if (auto* d = std::get_if<decision>(&result)) {
                    if (as_json) std::cout << to_json(*d, row.row) << '\n';
                    else std::cout << "Række " << row.row << ":\n" << to_text(*d) << '\n';
                    // Stop at the first failed write rather than evaluate the rest for nothing.
                    if (!std::cout) check_standard_output(errno);
                    continue;
                }
                input_error e = std::get<input_error>(result);
                e.row = row.row;
                errors.push_back(e);
            }
            ++failed;
            // Errors name the row and field only: profile values are personal data.
            for (const input_error& e : errors) std::cerr << "trappe eval: " << e.describe() << '\n';
            if (as_json) {
                std::string line = "{\"row\":" + std::to_string(row.row) + ",\"errors\":[";
                for (std::size_t i = 0; i < errors.size(); ++i)
                    line += std::string(i ? "," : "") + "{\"field\":" + detail::json_string(errors[i].field) +
                            ",\"message\":" + detail::json_string(errors[i].message) + "}";
                std::cout << line << "]}\n";
                if (!std::cout) check_standard_output(errno);
            }
        }
    }
    // Before the summary: a run whose output was lost must not say it evaluated.
    check_standard_output();
    std::cerr << rows << " rows: " << rows - failed << " evaluated, " << failed << " with errors\n";
    return failed == 0 ? 0 : 1;
}

}  // namespace trappe::cli
