// Temporary file, checked writes, rename at the end; see output_file.hpp.

#include "output_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>

namespace trappe::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t write_size = std::size_t{1} << 20;

// Removes a partial file left by an earlier run, unless a running trappe still
// holds its lock: then that run would lose its output, so this one stops.
void remove_stale_partial(const fs::path& partial) {
    const int fd = ::open(partial.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd >= 0) {
        const bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
        ::close(fd);
        if (busy) throw std::runtime_error("another trappe run is writing '" + partial.string() + "'");
    }
    std::cerr << "trappe: replacing '" << partial.string() << "' left by an earlier run that did not finish\n";
    std::error_code ec;
    fs::remove(partial, ec);
    if (ec) throw std::runtime_error("cannot remove '" + partial.string() + "': " + ec.message());
}

}  // namespace

bool written_in_place(const fs::path& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    return fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status);
}

fs::path partial_path(const fs::path& path) { return fs::path(path.string() + ".partial"); }

output_file::output_file(fs::path path) : final_(std::move(path)) {
    std::error_code ec;
    if (fs::is_directory(final_, ec)) throw std::runtime_error("cannot write '" + final_.string() + "': it is a directory");
    in_place_ = written_in_place(final_);
    if (in_place_) {
        fd_ = ::open(final_.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd_ < 0) fail("cannot write '" + final_.string() + "'", errno);
        return;
    }
    partial_ = partial_path(final_);
    if (fs::symlink_status(partial_, ec).type() != fs::file_type::not_found) remove_stale_partial(partial_);
    // O_EXCL: never write through a link or a file someone else just created.
    fd_ = ::open(partial_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0) fail("cannot create '" + partial_.string() + "' to write '" + final_.string() + "'", errno);
    ::flock(fd_, LOCK_EX | LOCK_NB);  // marks the partial file as in use, for remove_stale_partial
    buffer_.reserve(write_size);
}

output_file::~output_file() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !partial_.empty()) ::unlink(partial_.c_str());
}

void output_file::write(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= write_size) flush();
}

void output_file::flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
        const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0 && errno == EINTR) continue;  // a signal that only set the interrupt flag
        if (n <= 0) fail("writing '" + final_.string() + "' failed", n < 0 ? errno : EIO);
        done += static_cast<std::size_t>(n);
    }
    written_ += buffer_.size();
    buffer_.clear();
}

void output_file::overwrite(std::uint64_t offset, std::string_view text) {
    flush();
    if (in_place_ || fd_ < 0 || offset + text.size() > written_)
        throw std::logic_error("output_file::overwrite beyond what was written to '" + final_.string() + "'");
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::pwrite(fd_, text.data() + done, text.size() - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("writing '" + final_.string() + "' failed", n < 0 ? errno : EIO);
        done += static_cast<std::size_t>(n);
    }
}

void output_file::commit() {
    flush();
    // The data must be on disk before the name says the file is complete.
    if (!in_place_ && ::fsync(fd_) != 0) fail("writing '" + final_.string() + "' failed", errno);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("writing '" + final_.string() + "' failed", errno);
    if (!in_place_ && std::rename(partial_.c_str(), final_.c_str()) != 0)
        fail("cannot rename '" + partial_.string() + "' to '" + final_.string() + "'", errno);
    committed_ = true;
}

void output_file::fail(const std::string& what, int error) const {
    throw std::runtime_error(what + ": " + std::strerror(error));
}

}  // namespace trappe::cli
