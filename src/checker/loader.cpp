// Reads rule files and follows imports. The only checker pass that does I/O.
//
// What it reads is limited, because a path in a rule file or on a command line
// may name anything: only regular files of at most max_rule_file_bytes, opened
// without blocking; imports only inside the folder that holds a pack, after
// symbolic links are resolved. Refusals name the path as written and echo
// nothing of the target (docs/security.md).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "checker_context.hpp"
#include "common/utf8.hpp"
#include "trappe/checker/checker.hpp"
#include "common/text.hpp"
#include "trappe/parser/parser.hpp"

namespace trappe::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

constexpr const char* too_large = "this file is larger than 1 MiB, the limit for a rule file";

// The text of a regular file, or the reason it was not read.
struct read_result {
    std::optional<std::string> text;
    std::string problem;
    bool too_large = false;
};

// Opens without blocking (a named pipe would wait for a writer), then checks what
// was opened, so a file swapped for a pipe or device after any earlier check is
// still refused. Reads at most one byte past the limit.
read_result read_rule_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return {std::nullopt, "cannot be read", false};
    struct closer {
        int fd;
        ~closer() { ::close(fd); }
    } const close_on_return{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0) return {std::nullopt, "cannot be read", false};
    if (!S_ISREG(info.st_mode)) return {std::nullopt, "is not a regular file", false};
    if (static_cast<std::uintmax_t>(info.st_size) > max_rule_file_bytes) return {std::nullopt, "", true};
    // Sized by the file (one byte more shows growth), grown while it grows, never past the limit.
    std::string text(static_cast<std::size_t>(info.st_size) + 1, '\0');
    std::size_t size = 0;
    while (true) {
        if (size == text.size()) {
            if (text.size() > max_rule_file_bytes) break;
            text.resize(std::min(text.size() * 2, max_rule_file_bytes + 1));
        }
        const ssize_t n = ::read(fd, text.data() + size, text.size() - size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return {std::nullopt, "cannot be read", false};
        if (n == 0) break;
        size += static_cast<std::size_t>(n);
    }
    if (size > max_rule_file_bytes) return {std::nullopt, "", true};  // it grew while read
    text.resize(size);
    return {std::move(text), "", false};
}

// Line and code-point column of a byte offset, counted here because the text of a
// file that is not UTF-8 is not kept.
location position_in(std::string_view text, std::size_t offset) {
    location at{0, 1, 1};
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++at.column;
        }
    }
    return at;
}

bool is_within(const fs::path& path, const fs::path& folder) {
    const auto [in_folder, _] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
    return in_folder == folder.end();
}

class loader {
public:
    loader(source_manager& sources, diagnostics& diags, const std::vector<rule_file>* memory)
        : sources_(sources), diags_(diags), memory_(memory) {}

    // A pack given by the caller: a folder of .trappe files or one file, or text
    // held in memory under a display path. The folder that holds the pack is where
    // its imports may lead.
    void load_root(const fs::path& path, const std::optional<std::string>& text) {
        std::error_code ec;
        const fs::path absolute = fs::absolute(path, ec);
        fs::path pack = fs::weakly_canonical(ec ? path : absolute, ec);
        if (text || !fs::is_directory(pack, ec)) pack = pack.parent_path();
        roots_.push_back(pack.parent_path());
        if (text) {
            load_text(path, *text, true);
        } else if (fs::is_directory(path, ec)) {
            load_directory(path, true, {});
        } else if (!fs::exists(fs::symlink_status(path, ec))) {
            diags_.error({}, concat({"cannot find rules '", path.generic_string(), "'"}));
        } else {
            load_file(path, path, true, {});
        }
    }

    std::vector<loaded_file> take() { return std::move(files_); }

private:
    bool within_roots(const fs::path& canonical) const {
        return std::any_of(roots_.begin(), roots_.end(), [&](const fs::path& r) { return is_within(canonical, r); });
    }

    void load_directory(const fs::path& dir, bool root, location imported_at) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir, ec))
            if (entry.path().extension() == ".trappe") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        if (files.empty()) diags_.error(imported_at, concat({"no .trappe files in '", dir.generic_string(), "'"}));
        for (const fs::path& f : files) {
            // A symbolic link in the folder is checked where it leads, like an import.
            const fs::path resolved = fs::canonical(f, ec);
            if (!ec && !within_roots(resolved)) {
                diags_.error(imported_at, concat({"'", f.lexically_normal().generic_string(),
                                                  "' is outside the folder that holds the pack; it is not read"}));
                continue;
            }
            load_file(f, ec ? f : resolved, root, imported_at);
        }
    }

    // Each file is loaded once, however it is reached (in memory, listed, imported).
    bool first_visit(const fs::path& path) {
        if (memory_ != nullptr) return seen_.insert(path.lexically_normal().generic_string()).second;
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(path, ec);
        return seen_.insert(ec ? path.lexically_normal().generic_string() : canonical.generic_string()).second;
    }

    // Reads `resolved` (where the checks found it leads, so a link changed since is not
    // followed again) and names it `path`, as the user or the import wrote it.
    void load_file(const fs::path& path, const fs::path& resolved, bool root, location imported_at) {
        if (!first_visit(path)) return;
        read_result read = read_rule_file(resolved);
        if (read.too_large) return refuse_text(path, "", 0, too_large);
        if (!read.text) {
            diags_.error(imported_at, concat({"'", path.lexically_normal().generic_string(), "' ", read.problem}));
            return;
        }
        add_and_parse(path, std::move(*read.text), root);
    }

    // A rule file that is not read as rules: one diagnostic in it, without its text
    // (which is not kept: a file too large or not UTF-8 may well not be rules at all).
    void refuse_text(const fs::path& path, std::string_view text, std::size_t offset, const char* message) {
        location at = position_in(text, offset);
        at.file = sources_.add(path.lexically_normal().generic_string(), "");
        diagnostic d;
        d.where = at;
        d.message = message;
        d.show_source = false;
        diags_.add(std::move(d));
    }

    void load_text(const fs::path& path, std::string text, bool root) {
        if (!first_visit(path)) return;
        if (text.size() > max_rule_file_bytes) return refuse_text(path, "", 0, too_large);
        add_and_parse(path, std::move(text), root);
    }

    void add_and_parse(const fs::path& path, std::string text, bool root) {
        if (std::string_view(text).substr(0, byte_order_mark.size()) == byte_order_mark)
            text.erase(0, byte_order_mark.size());  // some editors on Windows write one
        if (const auto bad = first_invalid_utf8(text))
            return refuse_text(path, text, *bad, "this byte is not valid UTF-8; save the file as UTF-8");
        const file_id id = sources_.add(path.lexically_normal().generic_string(), std::move(text));
        loaded_file loaded{parse_file(sources_, id, diags_), root};
        std::vector<const ast::import_decl*> imports;
        for (const ast::declaration& d : loaded.syntax.declarations)
            if (const auto* imp = std::get_if<ast::import_decl>(&d)) imports.push_back(imp);
        files_.push_back(std::move(loaded));
        // files_ may move while imports load: copy what is needed first.
        std::vector<ast::import_decl> pending;
        for (const ast::import_decl* imp : imports) pending.push_back(*imp);
        for (const ast::import_decl& imp : pending) load_import(path, imp);
    }

    // An import names a folder or a .trappe file, relative to the importing file and
    // inside the folder that holds a pack once every symbolic link is resolved.
    void load_import(const fs::path& importing, const ast::import_decl& imp) {
        const std::string refused = concat({"cannot import '", imp.path, "': "});
        const fs::path written(imp.path);
        if (imp.path.empty() || written.has_root_path()) {
            diags_.error(imp.where, refused + "an import names a folder or .trappe file relative to the importing file");
            return;
        }
        const fs::path target = importing.parent_path() / written;
        if (memory_ != nullptr) return load_import_from_memory(target, imp);
        std::error_code ec;
        const fs::path resolved = fs::canonical(target, ec);
        if (ec) {
            const std::string near = nearest_import(importing.parent_path(), written);
            diags_.error(imp.where, concat({"cannot find imported rules '", target.lexically_normal().generic_string(), "'",
                                            near.empty() ? "" : "; did you mean '" + near + "'?"}));
            return;
        }
        if (!within_roots(resolved)) {
            diags_.error(imp.where, refused + "it is outside the folder that holds the pack");
            return;
        }
        const fs::file_status status = fs::status(resolved, ec);  // does not open the file
        if (fs::is_directory(status)) {
            load_directory(target, false, imp.where);
        } else if (!fs::is_regular_file(status)) {
            diags_.error(imp.where, refused + "it is not a regular file");
        } else if (written.extension() != ".trappe") {
            diags_.error(imp.where, refused + "an import names a folder or .trappe file");
        } else {
            load_file(target, resolved, false, imp.where);
        }
    }

    // The import as it would be written if each missing part of its path named the
    // closest folder or .trappe file that exists there ("" when none is close). Only
    // folders inside the rule root are listed, so no name from outside it is shown.
    std::string nearest_import(const fs::path& from, const fs::path& written) const {
        constexpr std::size_t max_listed = 1000;
        fs::path at = from;
        fs::path corrected;
        for (const fs::path& part : written) {
            std::error_code ec;
            const fs::path next = (at / part).lexically_normal();
            if (part == "." || part == ".." || fs::exists(next, ec)) {
                at = next;
                corrected /= part;
                continue;
            }
            const fs::path folder = fs::canonical(at, ec);
            if (ec || !within_roots(folder)) return "";
            // A file is compared by its name as written, with or without ".trappe".
            const bool with_extension = part.extension() == ".trappe";
            std::vector<std::pair<std::string, std::string>> entries;  // (compared, name), sorted for ties
            for (fs::directory_iterator it(folder, ec), end; !ec && it != end && entries.size() < max_listed; it.increment(ec)) {
                const fs::path name = it->path().filename();
                const bool is_folder = it->is_directory(ec);
                if (!is_folder && name.extension() != ".trappe") continue;
                entries.emplace_back(is_folder || with_extension ? name.generic_string() : name.stem().generic_string(),
                                     name.generic_string());
            }
            std::sort(entries.begin(), entries.end());
            std::vector<std::string> names, compared;
            for (auto& [key, name] : entries) {
                compared.push_back(std::move(key));
                names.push_back(std::move(name));
            }
            const std::string best = closest_name(part.generic_string(), compared);
            if (best.empty()) return "";
            const auto found = std::find(compared.begin(), compared.end(), best);
            const std::string& name = names[static_cast<std::size_t>(found - compared.begin())];
            at = at / name;
            corrected /= name;
        }
        return corrected == written ? "" : corrected.generic_string();
    }

    // The imported folder's files (those directly in it, in name order) or the file,
    // among the files in memory: what the import read when the rules were first checked.
    void load_import_from_memory(const fs::path& target, const ast::import_decl& imp) {
        const std::string name = target.lexically_normal().generic_string();
        std::vector<const rule_file*> found;
        for (const rule_file& f : *memory_) {
            const fs::path path = fs::path(f.path).lexically_normal();
            if (path.generic_string() == name || path.parent_path().generic_string() == name) found.push_back(&f);
        }
        std::sort(found.begin(), found.end(), [](const rule_file* a, const rule_file* b) { return a->path < b->path; });
        if (found.empty())
            diags_.error(imp.where, concat({"cannot find imported rules '", name, "'"}));
        for (const rule_file* f : found) load_text(f->path, f->text, false);
    }

    source_manager& sources_;
    diagnostics& diags_;
    const std::vector<rule_file>* memory_;  // check_rule_files: the only files there are
    std::vector<fs::path> roots_;  // canonical folders imports may lead into
    std::set<std::string> seen_;
    std::vector<loaded_file> files_;
};

}  // namespace

std::vector<loaded_file> load_files(const std::vector<std::pair<fs::path, std::optional<std::string>>>& roots,
                                    source_manager& sources, diagnostics& diags, const std::vector<rule_file>* memory) {
    loader l(sources, diags, memory);
    for (const auto& [path, text] : roots) l.load_root(path, text);
    return l.take();
}

}  // namespace trappe::detail
