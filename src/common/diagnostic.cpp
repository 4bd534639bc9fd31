#include "trappe/common/diagnostic.hpp"

#include <algorithm>

#include "trappe/common/source_manager.hpp"

namespace trappe {

void diagnostics::error(location where, std::string message, std::vector<diagnostic_note> notes) {
    items_.push_back({severity::error, where, std::move(message), std::move(notes)});
    ++errors_;
}

void diagnostics::warning(location where, std::string message, std::vector<diagnostic_note> notes) {
    items_.push_back({severity::warning, where, std::move(message), std::move(notes)});
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

// "file:line:col: kind: message", then the quoted line and a caret under the column.
void render_one(std::string& out, location where, severity level, const std::string& message,
                const source_manager& sources) {
    if (where.valid() && where.file < sources.size()) {
        out += sources.path(where.file) + ':' + std::to_string(where.line) + ':' + std::to_string(where.column) + ": ";
    }
    out += severity_name(level);
    out += ": " + message + '\n';
    if (!where.valid() || where.file >= sources.size()) return;
    const std::string_view line = sources.line_text(where.file, where.line);
    out += "    ";
    out += line;
    out += "\n    ";
    std::uint32_t column = 1;
    for (std::size_t i = 0; i < line.size() && column < where.column; ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if ((c & 0xC0) == 0x80) continue;
        out += c == '\t' ? '\t' : ' ';
        ++column;
    }
    out += "^\n";
}

}  // namespace

std::string render(const diagnostic& d, const source_manager& sources) {
    std::string out;
    render_one(out, d.where, d.level, d.message, sources);
    for (const diagnostic_note& n : d.notes) render_one(out, n.where, severity::note, n.message, sources);
    return out;
}

std::string render(const diagnostics& ds, const source_manager& sources) {
    std::string out;
    std::size_t warnings = 0;
    for (const diagnostic& d : ds.items()) {
        out += render(d, sources);
        if (d.level == severity::warning) ++warnings;
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
