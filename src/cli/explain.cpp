#include <fstream>
#include <iostream>

#include "commands.hpp"

namespace trappe::cli {

int explain_command(const arguments& args) {
    std::vector<std::string> positional;
    std::string format = "text";
    std::optional<std::size_t> only_row;
    explain_options options;
    options.why_not = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--format" && i + 1 < args.size()) format = args[++i];
        else if (args[i] == "--why-not") options.why_not = true;
        else if (args[i] == "--counterfactual") options.counterfactual = true;
        else if (args[i] == "--row" && i + 1 < args.size()) only_row = parse_count(args[++i], "--row");
        else positional.push_back(args[i]);
    }
    if (positional.size() != 2 || (format != "text" && format != "json" && format != "html")) {
        std::cerr << "usage: trappe explain <rules> <profiles> [--format text|json|html] [--why-not] "
                     "[--counterfactual] [--row N]\n";
        return 2;
    }
    const auto plan = load_plan(positional[0]);
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
