#include <iostream>

#include "commands.hpp"

namespace trappe::cli {

int check_command(const arguments& args) {
    if (args.size() != 1) {
        std::cerr << "usage: trappe check <rules>\n";
        return 2;
    }
    const check_result checked = check_rules(args[0]);
    if (!checked.diags.items().empty()) std::cerr << checked.report();
    if (!checked.ok()) return 1;
    const program& p = *checked.checked;
    std::size_t inputs = 0, definitions = 0;
    for (const symbol& s : p.symbols) {
        inputs += s.kind == symbol_kind::input;
        definitions += s.kind == symbol_kind::definition;
    }
    std::cout << p.pack_name << ": ok (" << p.sources.size() << " files, " << inputs << " inputs, " << definitions
              << " definitions, " << p.offers.size() << " offers, " << p.tests.size() << " tests)\n"
              << p.content_hash << '\n';
    return 0;
}

}  // namespace trappe::cli
