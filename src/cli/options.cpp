#include "options.hpp"

#include <iostream>

namespace trappe::cli {

std::optional<std::string> command_line::value(const std::string& option) const {
    const auto it = values.find(option);
    if (it == values.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> command_line::all(const std::string& option) const {
    const auto it = lists.find(option);
    if (it == lists.end()) return {};
    return it->second;
}

command_line parse_command_line(const command_spec& spec, const std::vector<std::string>& args) {
    command_line line;
    const auto fail = [&](const std::string& message) { throw usage_error(message, spec.usage); };
    bool only_positional = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (only_positional || a.size() < 2 || a[0] != '-') {
            line.positional.push_back(a);
        } else if (a == "--") {
            only_positional = true;
        } else if (a == "--help" || a == "-h") {
            line.help = true;
        } else if (spec.flags.count(a)) {
            line.flags.insert(a);
        } else if (spec.valued.count(a)) {
            if (i + 1 == args.size()) fail(a + " needs a value");
            if (!line.values.emplace(a, args[++i]).second) fail(a + " is given twice");
        } else if (spec.repeatable.count(a)) {
            if (i + 1 == args.size()) fail(a + " needs a value");
            line.lists[a].push_back(args[++i]);
        } else {
            fail("unknown option '" + a + "'");
        }
    }
    if (line.help) return line;
    if (line.positional.size() < spec.min_positional || line.positional.size() > spec.max_positional) {
        const std::string expected = spec.min_positional == spec.max_positional ? std::to_string(spec.min_positional)
                                     : spec.max_positional == unbounded
                                         ? "at least " + std::to_string(spec.min_positional)
                                         : std::to_string(spec.min_positional) + " to " + std::to_string(spec.max_positional);
        const bool one = spec.max_positional == 1 || (spec.min_positional == 1 && spec.max_positional == unbounded);
        fail("expects " + expected + " argument" + (one ? "" : "s") + ", got " +
             std::to_string(line.positional.size()));
    }
    return line;
}

int print_help(const command_spec& spec) {
    std::cout << spec.usage;
    return 0;
}

}  // namespace trappe::cli
