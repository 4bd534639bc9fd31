// CSV profiles with a header row.

#include "trappe/eval/profile_reader.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {
namespace {

// Splits CSV text into records of fields (RFC 4180: quotes, doubled quotes, CRLF).
class csv_splitter {
public:
    csv_splitter(std::string_view text, char separator) : text_(text), separator_(separator) {}

    bool next(std::vector<std::string>& fields) {
        fields.clear();
        if (pos_ >= text_.size()) return false;
        std::string field;
        bool quoted = false;
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (quoted) {
                if (c == '"' && pos_ < text_.size() && text_[pos_] == '"') {
                    field += '"';
                    ++pos_;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field += c;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator_) {
                fields.push_back(std::move(field));
                field.clear();
            } else if (c == '\n') {
                break;
            } else if (c != '\r') {
                field += c;
            }
        }
        fields.push_back(std::move(field));
        return true;
    }

private:
    std::string_view text_;
    char separator_;
    std::size_t pos_ = 0;
};

bool blank(const std::vector<std::string>& fields) { return fields.size() == 1 && fields[0].empty(); }

}  // namespace

std::vector<profile_row> read_csv_profiles(const plan& p, std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte-order mark from spreadsheet exports
    const std::string_view header_line = text.substr(0, text.find('\n'));
    const char separator =
        header_line.find(';') != std::string_view::npos && header_line.find(',') == std::string_view::npos ? ';' : ',';
    csv_splitter splitter(text, separator);
    std::vector<std::string> header, fields;
    std::vector<profile_row> rows;
    if (!splitter.next(header)) return rows;

    // Column of each input; columns that are no input are reported on every row.
    const program& rules = p.rules();
    std::vector<std::optional<std::size_t>> column_of(p.inputs().size());
    std::vector<std::string> unknown_columns;
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (const auto i = p.input_index(header[c])) column_of[*i] = c;
        else unknown_columns.push_back(header[c]);
    }
    std::size_t row = 0;
    while (splitter.next(fields)) {
        if (blank(fields)) continue;
        profile_row out;
        out.row = ++row;
        for (const std::string& name : unknown_columns) out.errors.push_back({row, name, "unknown field"});
        if (fields.size() != header.size())
            out.errors.push_back({row, "", "has " + std::to_string(fields.size()) + " fields, the header has " +
                                               std::to_string(header.size())});
        profile values(p);
        for (std::size_t i = 0; i < column_of.size(); ++i) {
            const std::string& name = rules.symbols[p.inputs()[i]].name;
            if (!column_of[i]) {
                out.errors.push_back({row, name, "missing field"});
                continue;
            }
            const std::string& cell = *column_of[i] < fields.size() ? fields[*column_of[i]] : std::string();
            if (std::string problem = parse_field(p, i, cell, values); !problem.empty())
                out.errors.push_back({row, name, std::move(problem)});
        }
        if (out.errors.empty()) out.values = std::move(values);
        rows.push_back(std::move(out));
    }
    return rows;
}

}  // namespace trappe
