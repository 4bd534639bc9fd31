// CSV profiles with a header row.

#include <stdexcept>

#include "csv_line.hpp"
#include "csv_profile_reader.hpp"
#include "trappe/plan/plan.hpp"
#include "trappe/common/error.hpp"

namespace trappe {
namespace detail {

csv_profile_reader::csv_profile_reader(const plan& p, std::string_view header_line) : p_(p) {
    if (header_line.substr(0, 3) == "\xEF\xBB\xBF") header_line.remove_prefix(3);  // a byte-order mark from spreadsheet exports
    separator_ = header_line.find(';') != std::string_view::npos && header_line.find(',') == std::string_view::npos ? ';' : ',';
    if (split_csv_line(header_line, separator_, header_))
        throw io_error("the first line is not a header of field names: it breaks the CSV quoting");
    column_of_.assign(p.inputs().size(), std::nullopt);
    std::size_t known = 0;
    for (std::size_t c = 0; c < header_.size(); ++c) {
        const auto i = p.input_index(header_[c]);
        if (!i && p.ignores_field(header_[c])) {
            ++known;  // a field of the rules this pack never reads: its column is skipped
        } else if (!i) {
            unknown_.push_back(header_[c]);
        } else if (column_of_[*i]) {
            duplicated_.push_back(header_[c]);  // which one was meant cannot be known: an error on every row
        } else {
            column_of_[*i] = c;
            ++known;
        }
    }
    // A first line of values, not names: refused as a whole rather than reported
    // on every row as a wall of unknown and missing fields.
    if (known == 0)
        throw io_error("the first line is not a header: none of its " + std::to_string(header_.size()) +
                                 " cells is a field name of the rule pack");
}

profile_row csv_profile_reader::read(std::string_view line, std::size_t row) {
    profile_row out;
    out.row = row;
    if (const auto problem = split_csv_line(line, separator_, cells_)) {
        // The cells after a quoting problem cannot be trusted to be in their columns.
        out.errors.push_back({row, problem->cell < header_.size() ? header_[problem->cell] : std::string(),
                              problem->cell < header_.size()
                                  ? std::string(problem->message)
                                  : std::string(problem->message) + " in cell " + std::to_string(problem->cell + 1)});
        return out;
    }
    for (const std::string& name : unknown_) out.errors.push_back({row, name, "unknown field"});
    for (const std::string& name : duplicated_) out.errors.push_back({row, name, "duplicated column"});
    if (cells_.size() != header_.size())
        out.errors.push_back({row, "", "has " + std::to_string(cells_.size()) + " fields, the header has " +
                                           std::to_string(header_.size())});
    const program& rules = p_.rules();
    profile values(p_);
    for (std::size_t i = 0; i < column_of_.size(); ++i) {
        const std::string& name = rules.symbols[p_.inputs()[i]].name;
        if (!column_of_[i]) {
            out.errors.push_back({row, name, "missing field"});
            continue;
        }
        const std::string& cell = *column_of_[i] < cells_.size() ? cells_[*column_of_[i]] : std::string();
        if (std::string problem = parse_field(p_, i, cell, values); !problem.empty())
            out.errors.push_back({row, name, std::move(problem)});
    }
    if (out.errors.empty()) out.values = std::move(values);
    return out;
}

std::optional<std::vector<std::size_t>> csv_profile_reader::clean_columns() const {
    if (!unknown_.empty() || !duplicated_.empty()) return std::nullopt;
    std::vector<std::size_t> input_of(header_.size(), ignored_column);  // a column no input has is ignored
    for (std::size_t i = 0; i < column_of_.size(); ++i) {
        if (!column_of_[i]) return std::nullopt;
        input_of[*column_of_[i]] = i;
    }
    return input_of;
}

}  // namespace detail

std::vector<profile_row> read_csv_profiles(const plan& p, std::string_view text) {
    std::vector<profile_row> rows;
    std::size_t end = text.find('\n');
    if (text.empty()) return rows;
    detail::csv_profile_reader reader(p, text.substr(0, end));
    std::size_t row = 0;
    while (end != std::string_view::npos) {
        const std::size_t start = end + 1;
        end = text.find('\n', start);
        const std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank lines are no rows
        rows.push_back(reader.read(line, ++row));
    }
    return rows;
}

}  // namespace trappe
