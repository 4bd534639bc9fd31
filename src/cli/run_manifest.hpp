#pragma once
// The run manifest of `trappe eval` and `trappe batch`: what a stored result
// needs to be reproduced and checked (docs/cli.md; docs/schema/manifest.schema.json).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "trappe/trappe.hpp"

namespace trappe::cli {

/// The schema name of every manifest.
inline constexpr const char* manifest_schema = "trappe.manifest/1";

/// Rows in, written and in error; in == written + errors when a run completes.
struct row_counts {
    std::uint64_t in = 0, written = 0, errors = 0;
};

/// The lower-case hex SHA-256 of a file's bytes, read in a pass of its own.
/// `between_blocks` runs after each megabyte (to stop on an interrupt). Throws
/// std::runtime_error naming the file when it cannot be read.
[[nodiscard]] std::string file_sha256(const std::filesystem::path& path, const std::function<void()>& between_blocks = {});

/// One run: the pack, its hash and Trappe's version, the parameter overrides,
/// the as-of date when one was given, the input's path, size and SHA-256, the
/// start time; at the end the row counts and the seconds taken. As JSON, one line:
///
///     {"schema":"trappe.manifest/1","command":"batch","rules":{"pack":...,"hash":...,
///      "trappe":...},"parameters":{...},"input":{"path":...,"bytes":N,"sha256":...},
///      "started":"2026-11-25T03:00:00Z","rows":{"in":N,"written":N,"errors":N},"seconds":S}
///
/// Never a value from a profile: only counts and what the command line named.
class run_manifest {
public:
    /// Hashes `input` (see file_sha256) and notes the time.
    run_manifest(const plan& p, std::string command, const std::filesystem::path& input, std::optional<day_number> as_of,
                 const std::function<void()>& between_blocks = {});

    /// Records the counts and the seconds since construction (which hashed the input).
    void finish(row_counts counts);

    /// The manifest as one line of JSON, without a newline; "rows" and "seconds"
    /// are null until finish().
    [[nodiscard]] std::string json() const;

    /// json() padded with spaces (which JSON allows) to a width that any finished
    /// manifest of this run fits in, and a newline: a first line written before
    /// the rows and completed in place at the end with the same width.
    [[nodiscard]] std::string padded_line() const;

private:
    [[nodiscard]] std::string text(const std::optional<row_counts>& counts, std::optional<double> seconds) const;

    const plan& p_;
    // First, so that the seconds taken include the pass that hashes the input.
    std::chrono::steady_clock::time_point start_;
    std::string command_, input_path_, sha256_, started_;
    std::uint64_t input_bytes_ = 0;
    std::optional<day_number> as_of_;
    std::optional<row_counts> counts_;
    std::optional<double> seconds_;
};

}  // namespace trappe::cli
