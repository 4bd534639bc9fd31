// Same-file checks for command-line paths; see same_file.hpp.

#include "same_file.hpp"

#include <stdexcept>

namespace trappe::cli {
namespace {

namespace fs = std::filesystem;

bool character_device(const fs::path& p) {
    std::error_code ec;
    return fs::is_character_file(p, ec);
}

}  // namespace

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    const fs::path ca = fs::weakly_canonical(a, ec);
    if (ec) return a.lexically_normal() == b.lexically_normal();
    const fs::path cb = fs::weakly_canonical(b, ec);
    if (ec) return a.lexically_normal() == b.lexically_normal();
    return ca == cb;
}

void refuse_same_files(const std::vector<named_path>& paths) {
    for (std::size_t i = 0; i < paths.size(); ++i)
        for (std::size_t j = i + 1; j < paths.size(); ++j) {
            const named_path& a = paths[i];
            const named_path& b = paths[j];
            if (character_device(a.path) && character_device(b.path)) continue;
            if (same_file(a.path, b.path))
                throw std::invalid_argument(b.role + " and " + a.role + " are the same file ('" + b.path.string() +
                                            "'); nothing was written");
        }
}

}  // namespace trappe::cli
