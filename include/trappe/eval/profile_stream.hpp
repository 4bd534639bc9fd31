#pragma once
// Reading a profile file piece by piece, so memory stays flat for any file size.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trappe/common/error.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe {

class plan;

/// The rows of a profile file, read in pieces. CSV (by the extension .csv) and
/// JSON lines are read a line at a time, so memory stays flat for any file size;
/// a JSON array, or one object written over several lines, is read whole. Rows
/// are numbered from 1 across the file, as read_profiles() numbers them, and every
/// record of the file comes out of next() exactly once, with its values or with
/// its errors. A CSV record is one line (see read_csv_profiles). Not thread-safe.
///
///     trappe::profile_stream in(*plan, "profiles.csv");
///     for (auto rows = in.next(4096); !rows.empty(); rows = in.next(4096))
///         for (auto& row : rows) use(row);
class profile_stream {
public:
    /// Opens `path`. Throws io_error naming the path when it cannot be
    /// read, is a directory or a special file (a device, a pipe, a socket), or is
    /// a CSV whose first line is not a header of field names.
    profile_stream(const plan& p, const std::filesystem::path& path);
    ~profile_stream();
    profile_stream(profile_stream&&) noexcept;
    profile_stream& operator=(profile_stream&&) noexcept;

    /// The next rows, at most `max_rows` (at least 1); empty at the end of the
    /// file. Throws io_error naming the path when reading fails.
    [[nodiscard]] std::vector<profile_row> next(std::size_t max_rows);

    /// How the file is read: CSV, JSON lines, or one JSON document (an array, or
    /// one object over several lines), found when opening.
    enum class file_format { csv, json_lines, json_document };
    [[nodiscard]] file_format format() const noexcept;

    /// The header line of a CSV file ("" for an empty file or another format).
    [[nodiscard]] const std::string& csv_header() const noexcept;

    /// For CSV and JSON lines: the next whole lines of the file, about `bytes` of
    /// them (more when one line is longer), as a view into `buffer` (which only
    /// grows, so it is zero-filled once, not per read); the last line of a
    /// file may lack its line break. Empty at the end of the file. The raw text,
    /// for the columnar readers; next() and next_lines() are not to be mixed.
    /// Throws io_error naming the path when reading fails, and std::logic_error
    /// for a JSON document.
    [[nodiscard]] std::string_view next_lines(std::string& buffer, std::size_t bytes);

    /// Bytes of the file consumed so far, and its size when opened: for progress.
    [[nodiscard]] std::uint64_t bytes_read() const noexcept;
    [[nodiscard]] std::uint64_t size() const noexcept;

private:
    struct state;
    std::unique_ptr<state> s_;
};

}  // namespace trappe
