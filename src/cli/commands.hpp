#pragma once
// The subcommands of the `trappe` tool. Each returns the process exit code:
// 0 success, 1 rule errors / failed tests / bad rows, 2 wrong usage or I/O failure.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trappe/trappe.hpp"

namespace trappe::cli {

using arguments = std::vector<std::string>;

int check_command(const arguments& args);
int eval_command(const arguments& args);
int test_command(const arguments& args);
int explain_command(const arguments& args);
int batch_command(const arguments& args);
int synth_command(const arguments& args);
int serve_command(const arguments& args);
int verify_command(const arguments& args);
int follow_command(const arguments& args);
int diff_command(const arguments& args);

/// Parses the whole-number value of a command-line option; throws
/// std::invalid_argument naming the option ("--row needs a whole number") otherwise.
std::uint64_t parse_count(const std::string& value, const std::string& option);

/// Parses a number of seconds (0 or more); throws std::invalid_argument naming the option otherwise.
double parse_seconds(const std::string& value, const std::string& option);

/// Checks and compiles the pack at `path`; prints diagnostics to stderr.
/// Returns null when the rules have errors.
std::shared_ptr<const plan> load_plan(const std::string& path);

}  // namespace trappe::cli
