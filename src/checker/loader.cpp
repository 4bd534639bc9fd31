// Reads rule files and follows imports. The only checker pass that does I/O.

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "checker_context.hpp"
#include "trappe/parser/parser.hpp"

namespace trappe::detail {
namespace {

namespace fs = std::filesystem;

class loader {
public:
    loader(source_manager& sources, diagnostics& diags) : sources_(sources), diags_(diags) {}

    void load_path(const fs::path& path, bool root, location imported_at) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(path, ec))
                if (entry.path().extension() == ".trappe") files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            if (files.empty()) diags_.error(imported_at, "no .trappe files in '" + path.generic_string() + "'");
            for (const fs::path& f : files) load_file(f, std::nullopt, root, imported_at);
        } else {
            load_file(path, std::nullopt, root, imported_at);
        }
    }

    void load_file(const fs::path& path, std::optional<std::string> text, bool root, location imported_at) {
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(path, ec);
        if (!seen_.insert(ec ? path.lexically_normal().generic_string() : canonical.generic_string()).second) return;
        if (!text) {
            std::ifstream in(path, std::ios::binary);
            if (!in) {
                diags_.error(imported_at, "cannot read rule file '" + path.generic_string() + "'");
                return;
            }
            std::ostringstream buffer;
            buffer << in.rdbuf();
            text = buffer.str();
        }
        const file_id id = sources_.add(path.lexically_normal().generic_string(), std::move(*text));
        loaded_file loaded{parse_file(sources_, id, diags_), root};
        std::vector<std::pair<fs::path, location>> imports;
        for (const ast::declaration& d : loaded.syntax.declarations)
            if (const auto* imp = std::get_if<ast::import_decl>(&d))
                imports.emplace_back(path.parent_path() / imp->path, imp->where);
        files_.push_back(std::move(loaded));
        for (const auto& [target, where] : imports) {
            std::error_code exists_ec;
            if (!fs::exists(target, exists_ec)) {
                diags_.error(where, "cannot find imported rules '" + target.lexically_normal().generic_string() + "'");
                continue;
            }
            load_path(target, false, where);
        }
    }

    std::vector<loaded_file> take() { return std::move(files_); }

private:
    source_manager& sources_;
    diagnostics& diags_;
    std::set<std::string> seen_;
    std::vector<loaded_file> files_;
};

}  // namespace

std::vector<loaded_file> load_files(const std::vector<std::pair<fs::path, std::optional<std::string>>>& roots,
                                    source_manager& sources, diagnostics& diags) {
    loader l(sources, diags);
    for (const auto& [path, text] : roots) {
        if (text) {
            l.load_file(path, *text, true, {});
        } else {
            std::error_code ec;
            if (!fs::exists(path, ec)) {
                diags.error({}, "cannot find rules '" + path.generic_string() + "'");
                continue;
            }
            l.load_path(path, true, {});
        }
    }
    return l.take();
}

}  // namespace trappe::detail
