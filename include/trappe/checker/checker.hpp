#pragma once
// Rule files -> checked program: loading with imports, name resolution, types,
// the dependency graph (cycles, order) and lints.

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "trappe/checker/program.hpp"
#include "trappe/common/diagnostic.hpp"

namespace trappe {

/// The largest rule file read, in bytes (1 MiB; the shipped files are at most 13 KB).
/// A larger file is an error diagnostic, and is not read.
inline constexpr std::size_t max_rule_file_bytes = std::size_t{1} << 20;

/// What checking produced: every diagnostic, and the program when there were no errors.
struct check_result {
    std::shared_ptr<const program> checked;  // null when diags has errors
    diagnostics diags;
    source_manager sources;  // for rendering diags (the program holds its own copy)

    [[nodiscard]] bool ok() const noexcept { return checked != nullptr; }
    /// All diagnostics rendered as `file:line:col: error: ...` with carets.
    [[nodiscard]] std::string report() const { return render(diags, sources); }
};

/// Loads the rule pack at `path` (a directory of `.trappe` files, or one file)
/// with everything it imports, and checks it. Never throws for mistakes in the
/// rules; a file that cannot be read is an error diagnostic too.
[[nodiscard]] check_result check_rules(const std::filesystem::path& path);

/// Checks rule text held in memory: `files` are (display path, text) pairs;
/// imports are resolved against the file system relative to the display path.
[[nodiscard]] check_result check_sources(const std::vector<std::pair<std::string, std::string>>& files);

/// One rule file as a checked program read it: its display path, its text, and
/// whether it is part of the pack itself (false: reached by an import).
struct rule_file {
    std::string path;
    std::string text;
    bool in_pack = true;
};

/// Every file `checked` was read from, in the order it read them: enough to check
/// the same rules again anywhere, with the same content hash (a rule set sent to
/// another process carries its rules, not a path that may hold other rules there).
[[nodiscard]] std::vector<rule_file> rule_files(const program& checked);

/// Checks rule files held in memory, as rule_files() gives them. Imports resolve
/// among `files` only; nothing is read from the file system. `pack_name` names a
/// pack without a `pack` declaration (pass the original program's pack_name).
[[nodiscard]] check_result check_rule_files(const std::vector<rule_file>& files, const std::string& pack_name = "");

}  // namespace trappe
