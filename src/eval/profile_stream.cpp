// A profile file read line by line: the file checks, the choice of format, and
// read_profiles() on top.

#include "trappe/eval/profile_stream.hpp"
#include "trappe/common/error.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "csv_profile_reader.hpp"
#include "json_profile_reader.hpp"

namespace trappe {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

io_error cannot_read(const std::filesystem::path& path, const std::string& why) {
    return io_error("cannot read profiles from '" + path.string() + "': " + why);
}

// A directory opens as a stream that reads nothing, which looked like an empty
// file ("0 rows", exit 0); a device or a pipe may never end. Only regular files
// (or symbolic links to them) are profile files.
std::uint64_t check_regular_file(const std::filesystem::path& path) {
    std::error_code ec;
    const std::filesystem::file_status status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) throw cannot_read(path, "no such file");
    if (ec) throw cannot_read(path, ec.message());
    if (status.type() == std::filesystem::file_type::directory) throw cannot_read(path, "it is a directory");
    if (status.type() != std::filesystem::file_type::regular)
        throw cannot_read(path, "it is not a regular file (a device, a pipe or a socket)");
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    return ec ? 0 : size;
}

}  // namespace

struct profile_stream::state {
    enum class format { csv, json_lines, json_document };

    const plan* p = nullptr;
    std::filesystem::path path;
    std::ifstream file;
    std::istringstream memory;  // JSON lines already read whole while probing the format
    std::istream* source = &file;
    std::uint64_t size = 0, consumed = 0;
    format form = format::json_lines;
    std::optional<detail::csv_profile_reader> csv;
    std::optional<std::string> first_line;  // read while probing, not yet returned
    std::vector<profile_row> document;      // format::json_document
    std::size_t document_next = 0;
    std::size_t row = 0;
    std::string line;
    std::string header;  // CSV
    std::string carry;   // next_lines(): the start of a line not yet complete

    bool next_line() {
        if (first_line) {
            line = std::move(*first_line);
            first_line.reset();
            return true;
        }
        if (!std::getline(*source, line)) {
            if (source->bad()) throw io_error("reading '" + path.string() + "' failed: " + std::strerror(errno));
            return false;
        }
        consumed += line.size() + 1;
        return true;
    }

    // JSON lines, unless the first line opens an array or is the start of one
    // object over several lines: then the whole file is one document.
    void probe_json() {
        while (next_line())
            if (!blank(line)) break;
        if (blank(line)) return;  // an empty file
        if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a byte-order mark
        const std::size_t first = line.find_first_not_of(" \t\r");
        const detail::json_document probe = detail::parse_json_document(line);
        const bool array = first != std::string::npos && line[first] == '[';
        if (!array && probe.error != boost::json::error::incomplete) {
            first_line = std::move(line);
            return;
        }
        std::string text = line + '\n';
        text.append(std::istreambuf_iterator<char>(*source), std::istreambuf_iterator<char>());
        if (source->bad()) throw io_error("reading '" + path.string() + "' failed: " + std::strerror(errno));
        consumed = size;
        const detail::json_document whole = detail::parse_json_document(text);
        if (!whole.error) {
            form = format::json_document;
            document = detail::read_json_document(*p, whole);
            row = document.size();
            return;
        }
        memory.str(std::move(text));  // not one document: JSON lines after all
        source = &memory;
    }
};

profile_stream::profile_stream(const plan& p, const std::filesystem::path& path) : s_(std::make_unique<state>()) {
    s_->p = &p;
    s_->path = path;
    s_->size = check_regular_file(path);
    s_->file.open(path, std::ios::binary);
    if (!s_->file) throw cannot_read(path, std::strerror(errno));
    if (lower(path.extension().string()) == ".csv") {
        s_->form = state::format::csv;
        if (!s_->next_line()) return;  // an empty file
        try {
            s_->header = s_->line;
            s_->csv.emplace(p, s_->line);
        } catch (const std::runtime_error& e) {
            throw cannot_read(path, e.what());
        }
    } else {
        s_->probe_json();
    }
}

profile_stream::~profile_stream() = default;
profile_stream::profile_stream(profile_stream&&) noexcept = default;
profile_stream& profile_stream::operator=(profile_stream&&) noexcept = default;

std::vector<profile_row> profile_stream::next(std::size_t max_rows) {
    state& s = *s_;
    std::vector<profile_row> rows;
    max_rows = std::max<std::size_t>(max_rows, 1);
    if (s.form == state::format::json_document) {
        const std::size_t n = std::min(max_rows, s.document.size() - s.document_next);
        rows.reserve(n);
        for (std::size_t k = 0; k < n; ++k) rows.push_back(std::move(s.document[s.document_next++]));
        return rows;
    }
    if (s.form == state::format::csv && !s.csv) return rows;  // an empty CSV file
    rows.reserve(std::min<std::size_t>(max_rows, 4096));
    while (rows.size() < max_rows && s.next_line()) {
        if (blank(s.line)) continue;  // blank lines are no rows
        ++s.row;
        rows.push_back(s.csv ? s.csv->read(s.line, s.row) : detail::read_json_line(*s.p, s.line, s.row));
    }
    return rows;
}

profile_stream::file_format profile_stream::format() const noexcept {
    switch (s_->form) {
        case state::format::csv: return file_format::csv;
        case state::format::json_lines: return file_format::json_lines;
        case state::format::json_document: return file_format::json_document;
    }
    return file_format::json_lines;
}

const std::string& profile_stream::csv_header() const noexcept { return s_->header; }

std::string_view profile_stream::next_lines(std::string& buffer, std::size_t bytes) {
    state& s = *s_;
    if (s.form == state::format::json_document) throw std::logic_error("profile_stream::next_lines: a JSON document");
    bytes = std::max<std::size_t>(bytes, 4096);
    // The text so far: a line read while probing, then the start of a line the
    // last call cut off. The buffer only grows (so it is zero-filled once, not per read).
    std::string head = s.first_line ? std::move(*s.first_line) + '\n' : std::string();
    s.first_line.reset();
    head += s.carry;
    s.carry.clear();
    std::size_t size = head.size();
    if (buffer.size() < size + bytes) buffer.resize(size + bytes);
    std::memcpy(buffer.data(), head.data(), size);
    while (true) {
        if (buffer.size() < size + bytes) buffer.resize(size + bytes);
        s.source->read(buffer.data() + size, static_cast<std::streamsize>(bytes));
        if (s.source->bad()) throw io_error("reading '" + s.path.string() + "' failed: " + std::strerror(errno));
        const auto got = static_cast<std::size_t>(s.source->gcount());
        s.consumed += got;
        if (got == 0) return {buffer.data(), size};  // the end: the last line, if any, has no line break
        const std::string_view text(buffer.data(), size + got);
        const std::size_t last = text.rfind('\n');
        size += got;
        if (last == std::string_view::npos) continue;  // a line longer than `bytes`
        s.carry.assign(text.substr(last + 1));
        return text.substr(0, last + 1);
    }
}

std::uint64_t profile_stream::bytes_read() const noexcept { return std::min(s_->consumed, s_->size); }
std::uint64_t profile_stream::size() const noexcept { return s_->size; }

std::vector<profile_row> read_profiles(const plan& p, const std::filesystem::path& path) {
    profile_stream in(p, path);
    std::vector<profile_row> rows;
    for (std::vector<profile_row> piece = in.next(65536); !piece.empty(); piece = in.next(65536))
        std::move(piece.begin(), piece.end(), std::back_inserter(rows));
    return rows;
}

}  // namespace trappe
