// Runs the checker's passes in order and assembles the checked program.

#include "trappe/checker/checker.hpp"

#include <algorithm>

#include "checker_context.hpp"
#include "common/sha256.hpp"

namespace trappe {

const std::string& type_info::value_name(std::int64_t v) const {
    static const std::string none;
    if (v < lo || v > hi || value_names.empty()) return none;
    return value_names[static_cast<std::size_t>(v - lo)];
}

std::string type_info::display(std::int64_t v) const {
    if (v >= lo && v <= hi && !value_labels.empty()) {
        const std::string& label = value_labels[static_cast<std::size_t>(v - lo)];
        if (!label.empty()) return label;
    }
    const std::string& value = value_name(v);
    return value.empty() ? std::to_string(v) : value;
}

std::optional<std::int64_t> type_info::value_of(const std::string& wanted) const {
    const auto it = std::find(value_names.begin(), value_names.end(), wanted);
    if (it == value_names.end()) return std::nullopt;
    return lo + (it - value_names.begin());
}

std::optional<symbol_id> program::find(const std::string& name) const {
    for (symbol_id s = 0; s < symbols.size(); ++s)
        if (symbols[s].name == name) return s;
    return std::nullopt;
}

namespace detail {

std::string checker_context::type_name(type_id t) const {
    const type_info& info = prog.types[t];
    if (info.kind == type_kind::integer && info.bounded)
        return "integer " + std::to_string(info.lo) + ".." + std::to_string(info.hi);
    return info.name;
}

std::optional<type_id> checker_context::resolve_type(const ast::type_ref& ref) {
    if (ref.name == "integer" && ref.lo) {
        if (*ref.lo > *ref.hi) diags.error(ref.where, "integer range is empty");
        prog.types.push_back({type_kind::integer, "integer", *ref.lo, *ref.hi, true, {}, {}});
        return static_cast<type_id>(prog.types.size() - 1);
    }
    if (const auto it = type_names.find(ref.name); it != type_names.end()) return it->second;
    std::vector<std::string> names;
    if (can_suggest(type_names.size()))
        for (const auto& [name, _] : type_names) names.push_back(name);
    std::sort(names.begin(), names.end());
    const std::string near = suggest(ref.name, names);
    diags.error(ref.where, "unknown type '" + ref.name + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
    return std::nullopt;
}

std::string checker_context::suggest(const std::string& name, const std::vector<std::string>& candidates) {
    if (!can_suggest(candidates.size())) return "";
    suggestion_budget -= candidates.size();
    return closest_name(name, candidates);
}

std::string checker_context::suggest_symbol(const std::string& name, const std::vector<std::string>& extra) {
    if (!can_suggest(prog.symbols.size() + extra.size())) return "";
    std::vector<std::string> names = all_symbol_names();
    names.insert(names.end(), extra.begin(), extra.end());
    return suggest(name, names);
}

std::vector<std::string> checker_context::all_symbol_names() const {
    std::vector<std::string> names;
    for (const symbol& s : prog.symbols) names.push_back(s.name);
    return names;
}

bool checker_context::type_pending(symbol_id s) const {
    return s < body_states.size() && body_states[s] == body_state::checking && definitions[s] != nullptr &&
           !definitions[s]->type;
}

type_id checker_context::unknown_type() {
    if (!unknown_type_) {
        prog.types.push_back({type_kind::integer, "(unknown)", INT64_MIN / 4, INT64_MAX / 4, false, {}, {}});
        unknown_type_ = static_cast<type_id>(prog.types.size() - 1);
    }
    return *unknown_type_;
}

void checker_context::record_use(std::optional<symbol_id> user, symbol_id used, location where) {
    const std::size_t needed = std::max<std::size_t>(used, user.value_or(0)) + 1;
    if (referenced.size() < needed) referenced.resize(needed);
    if (uses.size() < needed) uses.resize(needed);
    if (user != used) referenced[used] = true;
    if (user) uses[*user].push_back({used, where});
}

}  // namespace detail

namespace {

check_result run_checker(const std::vector<std::pair<std::filesystem::path, std::optional<std::string>>>& roots,
                         const std::vector<rule_file>* memory = nullptr, const std::string& pack_name = "") {
    check_result result;
    auto prog = std::make_shared<program>();
    const std::vector<detail::loaded_file> files = detail::load_files(roots, result.sources, result.diags, memory);
    detail::checker_context cx{result.sources, result.diags, *prog, {}, {}, {}, {}, {}, {}, {}, {}};
    std::set<file_id> root_files;
    for (const detail::loaded_file& f : files)
        if (f.root) root_files.insert(f.syntax.id);

    // After a syntax error, the missing declarations would only cause follow-on errors.
    if (result.diags.has_errors()) {
        result.diags.sort_by_location();
        return result;
    }
    detail::declare_types(cx, files);
    detail::declare_symbols(cx, files);
    detail::check_bodies(cx, files);
    detail::warn_missing_citations(cx, files);
    detail::check_dependencies(cx);
    detail::mark_reached(cx, root_files);
    detail::check_period_coverage(cx);
    detail::check_tests(cx, files);
    detail::check_properties(cx, files);
    detail::warn_unused(cx, root_files);
    result.diags.sort_by_location();
    if (result.diags.has_errors()) return result;

    // A pack without a `pack` declaration is named after its folder or file.
    if (prog->pack_name.empty()) prog->pack_name = pack_name;
    if (prog->pack_name.empty() && !roots.empty()) prog->pack_name = roots.front().first.filename().generic_string();
    detail::sha256 hash;
    for (file_id id = 0; id < result.sources.size(); ++id) {
        const std::string& text = result.sources.text(id);
        hash.update(std::filesystem::path(result.sources.path(id)).filename().generic_string());
        hash.update(std::string_view("\0", 1));
        hash.update(std::to_string(text.size()));
        hash.update(std::string_view("\0", 1));
        hash.update(text);
    }
    prog->content_hash = "sha256:" + hash.hex_digest();
    prog->sources = result.sources;
    prog->pack_files.assign(result.sources.size(), 0);
    for (const file_id id : root_files) prog->pack_files[id] = 1;
    result.checked = std::move(prog);
    return result;
}

}  // namespace

check_result check_rules(const std::filesystem::path& path) { return run_checker({{path, std::nullopt}}); }

std::vector<rule_file> rule_files(const program& checked) {
    std::vector<rule_file> out;
    for (file_id id = 0; id < checked.sources.size(); ++id)
        out.push_back({checked.sources.path(id), checked.sources.text(id),
                       id < checked.pack_files.size() && checked.pack_files[id] != 0});
    return out;
}

check_result check_rule_files(const std::vector<rule_file>& files, const std::string& pack_name) {
    std::vector<std::pair<std::filesystem::path, std::optional<std::string>>> roots;
    for (const rule_file& f : files)
        if (f.in_pack) roots.emplace_back(f.path, f.text);
    return run_checker(roots, &files, pack_name);
}

check_result check_sources(const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<std::pair<std::filesystem::path, std::optional<std::string>>> roots;
    for (const auto& [path, text] : files) roots.emplace_back(path, text);
    return run_checker(roots);
}

}  // namespace trappe
