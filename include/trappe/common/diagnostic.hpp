#pragma once
// Mistakes in rule text: collected, never thrown (error channel 1 of design.md).

#include <string>
#include <vector>

#include "trappe/common/location.hpp"

namespace trappe {

class source_manager;

enum class severity { error, warning, note };

/// A secondary message attached to a diagnostic, e.g. one edge of a cycle.
struct diagnostic_note {
    location where;
    std::string message;
};

/// One problem in the rule text, rendered as
/// `file:line:col: error: message`, the source line and a caret.
struct diagnostic {
    severity level = severity::error;
    location where;
    std::string message;
    std::vector<diagnostic_note> notes;
    /// Quote the source line under the message. Off for files that are not rule
    /// text (a swapped profile file), whose lines may hold personal data.
    bool show_source = true;
};

/// A report shows at most this many diagnostics per file, then "and N more".
inline constexpr std::size_t max_diagnostics_per_file = 50;

/// A quoted source line shows at most this many characters around the caret.
inline constexpr std::size_t max_quoted_characters = 160;

/// Collects diagnostics from every phase (one report passed through all, as in Soufflé).
class diagnostics {
public:
    void error(location where, std::string message, std::vector<diagnostic_note> notes = {});
    void warning(location where, std::string message, std::vector<diagnostic_note> notes = {});
    void add(diagnostic d);

    [[nodiscard]] bool has_errors() const noexcept { return errors_ > 0; }
    [[nodiscard]] std::size_t error_count() const noexcept { return errors_; }
    [[nodiscard]] const std::vector<diagnostic>& items() const noexcept { return items_; }

    /// Orders diagnostics by file, line and column, keeping the order of equal positions.
    void sort_by_location();

private:
    std::vector<diagnostic> items_;
    std::size_t errors_ = 0;
};

/// Renders one diagnostic with its source line, caret and notes.
[[nodiscard]] std::string render(const diagnostic& d, const source_manager& sources);

/// Renders all diagnostics followed by a summary line ("2 errors, 1 warning").
[[nodiscard]] std::string render(const diagnostics& ds, const source_manager& sources);

/// Closest candidate by edit distance, or "" when nothing is close enough.
[[nodiscard]] std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace trappe
