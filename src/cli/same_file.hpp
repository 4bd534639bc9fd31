#pragma once
// Refusing command lines whose outputs would overwrite the input or each other.

#include <filesystem>
#include <string>
#include <vector>

namespace trappe::cli {

/// A path given on the command line, with what it is for ("--in", "--out", ...).
struct named_path {
    std::string role;
    std::filesystem::path path;
};

/// Whether `a` and `b` are one file: std::filesystem::equivalent when both exist
/// (through symbolic links, hard links, any spelling), else the same
/// weakly_canonical path (where a file not yet created would be).
[[nodiscard]] bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

/// Throws std::invalid_argument when two of `paths` are the same file ("--errors
/// and --in are the same file ('pop.csv')"). To be called before anything is
/// opened for writing: --errors equal to --in used to truncate the input. Two
/// character devices (/dev/null twice) are allowed: writing both loses no file.
void refuse_same_files(const std::vector<named_path>& paths);

}  // namespace trappe::cli
