#pragma once
// One way for every subcommand to read its command line: the options it declares,
// --help, and an error naming any option it does not know.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace trappe::cli {

/// As command_spec::max_positional: any number of arguments.
inline constexpr std::size_t unbounded = static_cast<std::size_t>(-1);

/// What a subcommand accepts. `usage` is printed for --help (stdout, exit 0) and
/// after a usage error (stderr, exit 2).
struct command_spec {
    std::string name;                 // "eval"
    std::string usage;                // the whole help text
    std::set<std::string> flags;      // options without a value: "--json"
    std::set<std::string> valued;     // options with a value: "--as-of"
    std::size_t min_positional = 0, max_positional = 0;
    std::set<std::string> repeatable;  // options with a value that may be given again: "--set"
};

/// Wrong usage: exit 2 with the message and the command's usage on stderr.
class usage_error : public std::runtime_error {
public:
    usage_error(const std::string& message, std::string usage)
        : std::runtime_error(message), usage_(std::move(usage)) {}
    [[nodiscard]] const std::string& usage() const noexcept { return usage_; }

private:
    std::string usage_;
};

/// A parsed command line.
struct command_line {
    bool help = false;  // --help or -h: print the usage and exit 0
    std::vector<std::string> positional;
    std::set<std::string> flags;
    std::map<std::string, std::string> values;
    std::map<std::string, std::vector<std::string>> lists;  // repeatable options, in command-line order

    [[nodiscard]] bool has(const std::string& flag) const { return flags.count(flag) != 0; }
    [[nodiscard]] std::optional<std::string> value(const std::string& option) const;
    /// Every value of a repeatable option, in the order given; empty when it was not given.
    [[nodiscard]] std::vector<std::string> all(const std::string& option) const;
};

/// Parses `args` against `spec`. Throws usage_error naming an unknown option, an
/// option without its value, an option given twice (unless it is repeatable), or a
/// wrong number of arguments.
/// Anything after "--" is positional.
[[nodiscard]] command_line parse_command_line(const command_spec& spec, const std::vector<std::string>& args);

/// Prints spec.usage to stdout; returns exit code 0 (for `if (line.help) return print_help(spec);`).
int print_help(const command_spec& spec);

}  // namespace trappe::cli
