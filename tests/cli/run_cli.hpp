#pragma once
// Runs the `trappe` executable as a user would (shared by the CLI test files).

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace trappe::testing {

struct run_result {
    int exit_code = -1;
    std::string out;  // stdout and stderr
};

/// Runs `trappe <args>` through the shell, collecting stdout and stderr together.
inline run_result run(const std::string& args) {
    run_result r;
    const std::string command = std::string(TRAPPE_CLI) + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

inline std::string temp_path(const std::string& name) {
    // The process id keeps test runs of other checkouts on the same machine apart.
    return (std::filesystem::temp_directory_path() / ("trappe_cli_" + std::to_string(getpid()) + "_" + name)).string();
}

}  // namespace trappe::testing
