#pragma once
// An output file whose final name only ever holds a complete result.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace trappe::cli {

/// Writes `path` through a temporary `<path>.partial` beside it (same directory,
/// so the rename is atomic), renamed over `path` by commit(). Until then the final
/// name holds nothing new; if commit() is never reached (an error, an interrupt),
/// the destructor removes the partial file, since it holds case ids and
/// decisions. A partial file left by a run that was killed (SIGKILL) is replaced,
/// with a note on stderr; one still locked by a running trappe is refused.
///
/// A path that exists and is not a regular file (/dev/null, /dev/stdout, a pipe)
/// is written in place: there is nothing to rename, and a device must never be
/// replaced by a file. A directory is refused.
///
/// Every write is checked: a failure throws std::runtime_error naming the file
/// and the reason ("writing '/dev/full' failed: No space left on device").
class output_file {
public:
    explicit output_file(std::filesystem::path path);
    ~output_file();
    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;

    /// Appends `text` (buffered; written out in large pieces).
    void write(std::string_view text);

    /// Whether overwrite() can reach back into what was written: not for a file
    /// written in place (a pipe or a device cannot be rewound).
    [[nodiscard]] bool rewritable() const noexcept { return !in_place_; }

    /// Replaces the bytes at `offset` of what was written so far with `text`, which
    /// must not reach past them: for a first line written with room reserved and
    /// completed at the end (the run manifest). Before commit(); needs rewritable().
    void overwrite(std::uint64_t offset, std::string_view text);

    /// Writes what is buffered, syncs it to disk, closes, and renames the partial
    /// file over the final name.
    void commit();

private:
    void flush();
    [[noreturn]] void fail(const std::string& what, int error) const;  // "what: reason"

    std::filesystem::path final_, partial_;
    int fd_ = -1;
    bool in_place_ = false, committed_ = false;
    std::string buffer_;
    std::uint64_t written_ = 0;  // bytes handed to the file so far
};

/// Whether output_file writes `path` in place: it exists and is no regular file
/// or directory (a device, a pipe, a socket).
[[nodiscard]] bool written_in_place(const std::filesystem::path& path);

/// The temporary name output_file writes a regular `path` under.
[[nodiscard]] std::filesystem::path partial_path(const std::filesystem::path& path);

}  // namespace trappe::cli
