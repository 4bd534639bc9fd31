#include "trappe/common/source_manager.hpp"

#include <algorithm>

namespace trappe {

namespace {

bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

}  // namespace

file_id source_manager::add(std::string path, std::string text) {
    entry e{std::move(path), std::move(text), {0}, {}};
    std::size_t code_points = 0;
    for (std::size_t i = 0; i < e.text.size(); ++i) {
        if (i % checkpoint_bytes == 0) e.code_points_at.push_back(code_points);
        if (e.text[i] == '\n') e.line_starts.push_back(i + 1);
        code_points += starts_code_point(e.text[i]);
    }
    // The end of the text is a valid offset too.
    if (e.text.size() % checkpoint_bytes == 0) e.code_points_at.push_back(code_points);
    files_.push_back(std::move(e));
    return static_cast<file_id>(files_.size() - 1);
}

std::string_view source_manager::line_text(file_id id, std::uint32_t line) const {
    const entry& e = files_.at(id);
    if (line == 0 || line > e.line_starts.size()) return {};
    const std::size_t begin = e.line_starts[line - 1];
    std::size_t end = line < e.line_starts.size() ? e.line_starts[line] - 1 : e.text.size();
    if (end > begin && e.text[end - 1] == '\r') --end;
    return std::string_view(e.text).substr(begin, end - begin);
}

location source_manager::locate(file_id id, std::size_t offset) const {
    const entry& e = files_.at(id);
    offset = std::min(offset, e.text.size());
    const auto it = std::upper_bound(e.line_starts.begin(), e.line_starts.end(), offset);
    const auto line = static_cast<std::uint32_t>(it - e.line_starts.begin());
    const std::size_t column = code_points_before(e, offset) - code_points_before(e, e.line_starts[line - 1]) + 1;
    return {id, line, static_cast<std::uint32_t>(column)};
}

std::size_t source_manager::offset_of(location at) const {
    const entry& e = files_.at(at.file);
    if (at.line == 0 || at.line > e.line_starts.size()) return e.text.size();
    const std::size_t begin = e.line_starts[at.line - 1];
    const std::size_t end = at.line < e.line_starts.size() ? e.line_starts[at.line] - 1 : e.text.size();
    const std::size_t target = code_points_before(e, begin) + (at.column > 0 ? at.column - 1 : 0);
    // Start from the last checkpoint before the target, not before the line.
    const auto after = std::upper_bound(e.code_points_at.begin(), e.code_points_at.end(), target);
    const auto block = static_cast<std::size_t>(after - e.code_points_at.begin()) - 1;
    std::size_t offset = std::max(block * checkpoint_bytes, begin);
    std::size_t n = code_points_before(e, offset);
    while (offset < end && n <= target && !(n == target && starts_code_point(e.text[offset])))
        n += starts_code_point(e.text[offset++]);
    return offset;
}

std::size_t source_manager::code_points_before(const entry& e, std::size_t offset) {
    const std::size_t block = offset / checkpoint_bytes;
    std::size_t n = e.code_points_at[block];
    for (std::size_t i = block * checkpoint_bytes; i < offset; ++i) n += starts_code_point(e.text[i]);
    return n;
}

}  // namespace trappe
