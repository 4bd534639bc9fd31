#pragma once
// Owns the text of every loaded rule file, so diagnostics can quote source lines.

#include <string>
#include <string_view>
#include <vector>

#include "trappe/common/location.hpp"

namespace trappe {

/// Holds rule file texts by `file_id`. Adding files is not thread-safe;
/// reading from a fully built manager is.
class source_manager {
public:
    /// Stores `text` under the display name `path` and returns its id.
    file_id add(std::string path, std::string text);

    [[nodiscard]] const std::string& path(file_id id) const { return files_.at(id).path; }
    [[nodiscard]] const std::string& text(file_id id) const { return files_.at(id).text; }
    [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }

    /// The source line `line` (1-based) of file `id`, without its line break.
    [[nodiscard]] std::string_view line_text(file_id id, std::uint32_t line) const;

    /// Converts a byte offset into `file` to a line and code-point column.
    [[nodiscard]] location locate(file_id id, std::size_t offset) const;

    /// The byte offset of a location (the inverse of `locate`), at most the end of
    /// its line; the end of the file for a line it does not have.
    [[nodiscard]] std::size_t offset_of(location at) const;

private:
    struct entry {
        std::string path;
        std::string text;
        std::vector<std::size_t> line_starts;  // byte offset of each line
        // Code points before every checkpoint_bytes-th byte, so a column is found
        // without counting from the start of a line that may be megabytes long.
        std::vector<std::size_t> code_points_at;
    };
    static constexpr std::size_t checkpoint_bytes = 256;
    [[nodiscard]] static std::size_t code_points_before(const entry& e, std::size_t offset);
    std::vector<entry> files_;
};

}  // namespace trappe
