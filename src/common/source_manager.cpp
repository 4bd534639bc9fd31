#include "trappe/common/source_manager.hpp"

#include <algorithm>

namespace trappe {

file_id source_manager::add(std::string path, std::string text) {
    entry e{std::move(path), std::move(text), {0}};
    for (std::size_t i = 0; i < e.text.size(); ++i)
        if (e.text[i] == '\n') e.line_starts.push_back(i + 1);
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
    std::uint32_t column = 1;
    for (std::size_t i = e.line_starts[line - 1]; i < offset; ++i)
        if ((static_cast<unsigned char>(e.text[i]) & 0xC0) != 0x80) ++column;  // count code points
    return {id, line, column};
}

}  // namespace trappe
