// trappe diff: the regions of the input space where two packs, or a pack and its
// reform (--set), decide differently; see docs/analysis.md.

#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "output_file.hpp"
#include "parameter_settings.hpp"
#include "same_file.hpp"
#include "trappe/analysis/diff.hpp"

namespace trappe::cli {

namespace {

const command_spec spec{"diff",
                        "usage: trappe diff <rules-a> [<rules-b>] [--set NAME=VALUE]... [--population FILE]\n"
                        "                   [--json] [--html FILE]\n"
                        "\n"
                        "Explores every fully assessed profile of both packs and prints the regions where the\n"
                        "decisions differ (recommendation, offers, outputs), as conditions in Danish with the\n"
                        "values before and after. With one pack, the reform is that pack with the --set\n"
                        "overrides; with two, the overrides apply to the second.\n"
                        "  --population FILE  weigh each region by the citizens in FILE (.csv, .jsonl, .json);\n"
                        "                     counts under 5 are shown as <5\n"
                        "  --json             JSON (schema trappe.diff/1, docs/schema/diff.schema.json) instead of text\n"
                        "  --html FILE        also write a self-contained HTML report to FILE\n" +
                            set_usage(21) +
                            "Exit 0 when the diff was made (with or without regions), 1 for rule errors, 2 for wrong\n"
                            "usage or an I/O failure.\n",
                        {"--json"},
                        {"--population", "--html"},
                        1,
                        2,
                        {"--set"}};

}  // namespace

int diff_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    const std::vector<std::string>& positional = parsed.positional;
    const std::string html_path = parsed.value("--html").value_or("");
    const std::string population = parsed.value("--population").value_or("");
    if (!html_path.empty() && !population.empty()) refuse_same_files({{"--population", population}, {"--html", html_path}});
    const auto before = load_plan(positional[0]);
    if (!before) return 1;
    const auto after = load_plan(positional.size() == 2 ? positional[1] : positional[0], parsed, spec);
    if (!after) return 1;

    const diff_result result = diff(*before, *after);
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", result.seconds);
    std::cerr << "trappe diff: explored " << result.leaves << " regions in " << seconds << " s\n";
    std::optional<diff_weights> weights;
    if (!population.empty()) {
        try {
            weights = weigh(result, *before, *after, population);
        } catch (const misuse_error& e) {
            throw usage_error(std::string("--population: ") + e.what(), spec.usage);
        }
    }
    const diff_weights* w = weights ? &*weights : nullptr;
    std::cout << (parsed.has("--json") ? diff_json(result, w) + "\n" : diff_text(result, w));
    if (!html_path.empty()) {
        output_file file(html_path);
        file.write(diff_html(result, w));
        file.commit();
    }
    return 0;
}

}  // namespace trappe::cli
