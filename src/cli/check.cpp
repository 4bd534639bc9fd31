#include <iostream>

#include "commands.hpp"
#include "options.hpp"

namespace trappe::cli {

namespace {

const command_spec spec{"check",
                        "usage: trappe check <rules>\n"
                        "\n"
                        "Checks a rule pack (a directory or one .trappe file) and what it imports; prints every\n"
                        "diagnostic as file:line:col with a caret. Exit 0 when the rules are correct, 1 when they\n"
                        "have errors, 2 for wrong usage.\n",
                        {}, {}, 1, 1, {}};

}  // namespace

int check_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    const check_result checked = check_rules(parsed.positional[0]);
    if (!checked.diags.items().empty()) std::cerr << checked.report();
    if (!checked.ok()) return 1;
    const program& p = *checked.checked;
    std::size_t inputs = 0, definitions = 0;
    // What the pack computes and reads: an imported name it never uses is not counted.
    for (symbol_id s = 0; s < p.symbols.size(); ++s) {
        if (!p.is_reached(s)) continue;
        inputs += p.symbols[s].kind == symbol_kind::input;
        definitions += p.symbols[s].kind == symbol_kind::definition;
    }
    std::cout << p.pack_name << ": ok (" << p.sources.size() << " files, " << inputs << " inputs, " << definitions
              << " definitions, " << p.offers.size() << " offers, " << p.tests.size() << " tests)\n"
              << p.content_hash << '\n';
    return 0;
}

}  // namespace trappe::cli
