#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "parameter_settings.hpp"

namespace trappe::cli {

namespace {

const command_spec spec{"explain",
                        "usage: trappe explain <rules> <profiles> [--format text|json|html] [--why-not]\n"
                        "                      [--counterfactual] [--row N] [--set NAME=VALUE]...\n"
                        "\n"
                        "Explains decisions: the trace with legal citations and a draft justification (Danish).\n"
                        "  --format text|json|html  the rendering (html: one self-contained page; needs --row)\n"
                        "  --why-not                why each offer and higher step was not reached\n"
                        "  --counterfactual         the smallest change of inputs that gives a higher or a lower step\n"
                        "  --row N                  only row N (1-based)\n" +
                            set_usage(27) +
                            "Exit 0 when every row was explained, 1 for rule errors or bad rows, 2 for wrong usage or\n"
                            "an I/O failure.\n",
                        {"--why-not", "--counterfactual"},
                        {"--format", "--row"},
                        2,
                        2,
                        {"--set"}};

}  // namespace

int explain_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    const std::vector<std::string>& positional = parsed.positional;
    const std::string format = parsed.value("--format").value_or("text");
    if (format != "text" && format != "json" && format != "html")
        throw usage_error("--format must be text, json or html", spec.usage);
    std::optional<std::size_t> only_row;
    if (const auto row = parsed.value("--row")) only_row = parse_count(*row, "--row");
    explain_options options;
    options.why_not = parsed.has("--why-not");
    options.counterfactual = parsed.has("--counterfactual");
    const auto plan = load_plan(positional[0], parsed, spec);
    if (!plan) return 1;
    std::vector<profile_row> rows = read_profiles(*plan, positional[1]);
    if (only_row) {
        if (*only_row == 0 || *only_row > rows.size()) {
            std::cerr << "trappe explain: there is no row " << *only_row << '\n';
            return 2;
        }
        rows = {rows[*only_row - 1]};
    }
    if (format == "html" && rows.size() != 1) {
        std::cerr << "trappe explain: an HTML page explains one decision; choose one with --row N\n";
        return 2;
    }
    int status = 0;
    for (const profile_row& row : rows) {
        if (!row.values) {
            for (const input_error& e : row.errors) std::cerr << "trappe explain: " << e.describe() << '\n';
            status = 1;
            continue;
        }
        auto result = explain(*plan, *row.values, options);
        if (auto* error = std::get_if<input_error>(&result)) {
            error->row = row.row;
            std::cerr << "trappe explain: " << error->describe() << '\n';
            status = 1;
            continue;
        }
        const explanation& e = std::get<explanation>(result);
        if (format == "json") std::cout << to_json(e) << '\n';
        else if (format == "html") std::cout << to_html(e);
        else std::cout << to_text(e) << '\n';
    }
    return status;
}

}  // namespace trappe::cli
