// One CSV line into cells; see csv_line.hpp for why a record is one line.

#include "csv_line.hpp"

namespace trappe::detail {

std::optional<csv_quote_problem> split_csv_line(std::string_view line, char separator, std::vector<std::string>& cells) {
    cells.clear();
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t pos = 0;
    while (true) {
        const std::size_t cell = cells.size();
        std::string& text = cells.emplace_back();
        if (pos < line.size() && line[pos] == '"') {
            ++pos;
            while (true) {
                const std::size_t quote = line.find('"', pos);
                if (quote == std::string_view::npos)
                    return csv_quote_problem{cell, "unterminated quote (a quoted cell ends on its line)"};
                text.append(line.substr(pos, quote - pos));
                pos = quote + 1;
                if (pos < line.size() && line[pos] == '"') {
                    text += '"';
                    ++pos;
                    continue;
                }
                break;
            }
            if (pos < line.size() && line[pos] != separator) return csv_quote_problem{cell, "text after a closing quote"};
        } else {
            std::size_t end = line.find(separator, pos);
            if (end == std::string_view::npos) end = line.size();
            const std::string_view raw = line.substr(pos, end - pos);
            if (raw.find('"') != std::string_view::npos) return csv_quote_problem{cell, "quote inside an unquoted cell"};
            text.assign(raw);
            pos = end;
        }
        if (pos >= line.size()) return std::nullopt;
        ++pos;  // the separator; a line ending in one has an empty last cell
    }
}

}  // namespace trappe::detail
