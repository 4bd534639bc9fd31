// Standard output checks; see standard_output.hpp.

#include "standard_output.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

namespace trappe::cli {
namespace {

// Where standard output goes: a file, a device, a pipe (Linux names it in /proc).
std::string destination() {
    std::array<char, 4096> target{};
    const ssize_t n = ::readlink("/proc/self/fd/1", target.data(), target.size() - 1);
    if (n <= 0) return "standard output";
    return "standard output ('" + std::string(target.data(), static_cast<std::size_t>(n)) + "')";
}

}  // namespace

void check_standard_output(int error) {
    errno = 0;
    std::cout.flush();
    const bool flushed = std::fflush(stdout) == 0;
    if (!flushed) error = errno;
    if (flushed && std::cout.good() && std::ferror(stdout) == 0) return;
    throw std::runtime_error("writing " + destination() + " failed" + (error != 0 ? ": " + std::string(std::strerror(error)) : ""));
}

}  // namespace trappe::cli
