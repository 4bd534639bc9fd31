#include "trappe/common/diagnostic.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>

#include "common/utf8.hpp"
#include "trappe/common/source_manager.hpp"

namespace trappe {

void diagnostics::error(location where, std::string message, std::vector<diagnostic_note> notes) {
    items_.push_back({severity::error, where, std::move(message), std::move(notes)});
    ++errors_;
}

void diagnostics::warning(location where, std::string message, std::vector<diagnostic_note> notes) {
    items_.push_back({severity::warning, where, std::move(message), std::move(notes)});
}

void diagnostics::add(diagnostic d) {
    if (d.level == severity::error) ++errors_;
    items_.push_back(std::move(d));
}

void diagnostics::sort_by_location() {
    std::stable_sort(items_.begin(), items_.end(), [](const diagnostic& a, const diagnostic& b) {
        if (a.where.file != b.where.file) return a.where.file < b.where.file;
        if (a.where.line != b.where.line) return a.where.line < b.where.line;
        return a.where.column < b.where.column;
    });
}

namespace {

const char* severity_name(severity s) {
    switch (s) {
        case severity::error: return "error";
        case severity::warning: return "warning";
        case severity::note: return "note";
    }
    return "error";
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The quoted source line: at most max_quoted_characters around the caret, with "..."
// where it is cut, so a long line cannot multiply the size of a report. Control
// characters and bytes that are not UTF-8 are shown as '?': a quote can neither
// drive the terminal nor pass on raw bytes.
void quote_line(std::string& out, std::string_view line, std::size_t caret) {
    caret = std::min(caret, line.size());
    // Half the characters before the caret, more when the line ends sooner.
    std::size_t after = 0;
    for (std::size_t i = caret; i < line.size() && after < max_quoted_characters / 2; ++after)
        i += std::max<std::size_t>(detail::utf8_length(line, i), 1);
    const std::size_t before = max_quoted_characters - after;
    std::size_t begin = caret;
    for (std::size_t n = 0; begin > 0 && n < before; ++n) {
        --begin;
        for (int k = 0; k < 3 && begin > 0 && is_continuation(line[begin]); ++k) --begin;
    }
    std::string marks = "    ";
    out += "    ";
    if (begin > 0) {
        out += "...";
        marks += "   ";
    }
    std::size_t i = begin;
    for (std::size_t n = 0; i < line.size() && n < max_quoted_characters; ++n) {
        const std::size_t length = detail::utf8_length(line, i);
        const auto c = static_cast<unsigned char>(line[i]);
        const bool control = length == 1 && ((c < 0x20 && c != '\t') || c == 0x7F);
        const bool c1_control = length == 2 && c == 0xC2 && static_cast<unsigned char>(line[i + 1]) < 0xA0;
        if (length == 0 || control || c1_control) out += '?';
        else out.append(line.substr(i, length));
        if (i < caret) marks += c == '\t' ? '\t' : ' ';
        i += std::max<std::size_t>(length, 1);
    }
    if (i < line.size()) out += "...";
    out += '\n';
    out += marks;
    out += "^\n";
}

// "file:line:col: kind: message", then the quoted line and a caret under the column.
void render_one(std::string& out, location where, severity level, const std::string& message,
                const source_manager& sources, bool show_source) {
    const bool located = where.valid() && where.file < sources.size();
    if (located) {
        out += sources.path(where.file) + ':' + std::to_string(where.line) + ':' + std::to_string(where.column) + ": ";
    }
    out += severity_name(level);
    out += ": " + message + '\n';
    if (!located || !show_source) return;
    const std::size_t line_start = sources.offset_of({where.file, where.line, 1});
    quote_line(out, sources.line_text(where.file, where.line), sources.offset_of(where) - line_start);
}

}  // namespace

std::string render(const diagnostic& d, const source_manager& sources) {
    std::string out;
    render_one(out, d.where, d.level, d.message, sources, d.show_source);
    for (const diagnostic_note& n : d.notes) render_one(out, n.where, severity::note, n.message, sources, d.show_source);
    return out;
}

std::string render(const diagnostics& ds, const source_manager& sources) {
    std::string out;
    std::size_t warnings = 0;
    // At most max_diagnostics_per_file per file (diagnostics without a file count as one
    // more file), then how many were left out: a file of thousands of mistakes gives
    // a report of a few screens.
    std::map<std::optional<file_id>, std::size_t> per_file;
    std::vector<std::optional<file_id>> files;  // in the order first seen
    for (const diagnostic& d : ds.items()) {
        if (d.level == severity::warning) ++warnings;
        const std::optional<file_id> file =
            d.where.valid() && d.where.file < sources.size() ? std::optional(d.where.file) : std::nullopt;
        if (per_file[file]++ == 0) files.push_back(file);
        if (per_file[file] <= max_diagnostics_per_file) out += render(d, sources);
    }
    for (const std::optional<file_id>& file : files) {
        const std::size_t n = per_file[file];
        if (n <= max_diagnostics_per_file) continue;
        out += (file ? sources.path(*file) + ": and " : std::string("and ")) +
               std::to_string(n - max_diagnostics_per_file) + " more (" + std::to_string(max_diagnostics_per_file) +
               " are shown per file)\n";
    }
    if (!ds.items().empty()) {
        const auto plural = [](std::size_t n, const char* word) {
            return std::to_string(n) + ' ' + word + (n == 1 ? "" : "s");
        };
        out += plural(ds.error_count(), "error") + ", " + plural(warnings, "warning") + '\n';
    }
    return out;
}

std::string closest_name(const std::string& name, const std::vector<std::string>& candidates) {
    const auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diag = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t up = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
                diag = up;
            }
        }
        return row[b.size()];
    };
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (const std::string& c : candidates) {
        const std::size_t d = distance(name, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

}  // namespace trappe
