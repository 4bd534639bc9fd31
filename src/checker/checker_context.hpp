#pragma once
// State shared by the checker's passes (private to src/checker).

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "trappe/ast/ast.hpp"
#include "trappe/checker/checker.hpp"
#include "trappe/checker/program.hpp"
#include "trappe/common/diagnostic.hpp"

namespace trappe::detail {

struct loaded_file {
    ast::file syntax;
    bool root = false;  // part of the pack being checked (not imported)
};

/// One use of a symbol by another: the edge `user -> used` of the dependency graph.
struct symbol_use {
    symbol_id used = 0;
    location where;
};

/// Something of the pack itself that is computed for every decision (an output, the
/// recommendation, an offer, the justification): where reachability starts.
struct root_use {
    symbol_id used = 0;
    location where;
    std::string what;  // "output 'sel_85'", for diagnostics
};

struct checker_context {
    source_manager& sources;
    diagnostics& diags;
    program& prog;
    std::unordered_map<std::string, symbol_id> symbol_names;
    std::unordered_map<std::string, type_id> type_names;
    std::vector<std::vector<symbol_use>> uses;  // indexed by the using symbol
    std::vector<bool> referenced;               // used by a definition, offer or output
    std::vector<std::vector<symbol_id>> template_uses;  // per definition: the names its `because` shows
    std::vector<root_use> roots;                // what the pack itself computes and reports

    // Bodies are checked on demand, so an unannotated definition's type is known
    // before its users need it.
    enum class body_state : std::uint8_t { unchecked, checking, done };
    std::vector<const ast::define_decl*> definitions;  // by symbol; null for inputs and parameters
    std::vector<body_state> body_states;
    void ensure_checked(symbol_id s);
    /// Whether `s` is an unannotated definition whose body is being checked: used
    /// now, it closes a cycle and has no type yet (check_dependencies reports the cycle).
    [[nodiscard]] bool type_pending(symbol_id s) const;

    // The type of what closes a cycle. Every check accepts it, so a cycle is one
    // error and not a cascade of false type errors ("'count' needs a bool").
    std::optional<type_id> unknown_type_{};
    [[nodiscard]] type_id unknown_type();
    [[nodiscard]] bool is_unknown(type_id t) const { return unknown_type_ && t == *unknown_type_; }

    // "Did you mean": each search compares the name with every candidate, so a pack
    // of thousands of mistakes among thousands of names would take quadratic time.
    // The searches share one budget of compared candidates; past it, no suggestions.
    std::size_t suggestion_budget = 1'000'000;
    [[nodiscard]] bool can_suggest(std::size_t candidates) const { return candidates <= suggestion_budget; }
    /// The closest of `candidates` (see closest_name), or "" when past the budget.
    [[nodiscard]] std::string suggest(const std::string& name, const std::vector<std::string>& candidates);
    /// The closest symbol name or one of `extra`; the names are listed only within the budget.
    [[nodiscard]] std::string suggest_symbol(const std::string& name, const std::vector<std::string>& extra = {});

    [[nodiscard]] std::string type_name(type_id t) const;
    [[nodiscard]] std::optional<type_id> resolve_type(const ast::type_ref& ref);
    [[nodiscard]] std::vector<std::string> all_symbol_names() const;
    void record_use(std::optional<symbol_id> user, symbol_id used, location where);
};

/// Calls fn(declaration, file) for every declaration of type Decl, in load order.
template <typename Decl, typename Fn>
void for_each_decl(const std::vector<loaded_file>& files, Fn&& fn) {
    for (const loaded_file& f : files)
        for (const ast::declaration& d : f.syntax.declarations)
            if (const auto* decl = std::get_if<Decl>(&d)) fn(*decl, f);
}

// The passes, in the order checker.cpp runs them.
/// Loads the roots and what they import. With `memory`, imports resolve among those
/// files only (check_rule_files) and nothing is read from the file system.
std::vector<loaded_file> load_files(const std::vector<std::pair<std::filesystem::path, std::optional<std::string>>>& roots,
                                    source_manager& sources, diagnostics& diags,
                                    const std::vector<rule_file>* memory = nullptr);
void declare_types(checker_context& cx, const std::vector<loaded_file>& files);
void declare_symbols(checker_context& cx, const std::vector<loaded_file>& files);
void check_bodies(checker_context& cx, const std::vector<loaded_file>& files);
void warn_missing_citations(checker_context& cx, const std::vector<loaded_file>& files);
void check_dependencies(checker_context& cx);
/// Marks what the pack's roots reach (program::reached), keeps only reached
/// definitions in the evaluation order, and reports an imported `extern` that is
/// reached but defined by nothing, naming the output that needs it.
void mark_reached(checker_context& cx, const std::set<file_id>& root_files);
/// With a declared period, every dated parameter the pack uses must have a value on its first day.
void check_period_coverage(checker_context& cx);
void check_tests(checker_context& cx, const std::vector<loaded_file>& files);
/// The pack's own `property` declarations, into program::properties. After
/// mark_reached: a property may read only what the pack computes.
void check_properties(checker_context& cx, const std::vector<loaded_file>& files);
void warn_unused(checker_context& cx, const std::set<file_id>& root_files);

/// Checks one expression. `user` is the symbol whose body it is (for the
/// dependency graph); `expected` resolves bare enum value names.
checked_expr check_expression(checker_context& cx, const ast::expr& e, std::optional<symbol_id> user,
                              std::optional<type_id> expected);

/// Checks `{name}` placeholders of an explanation template; `extra` lists
/// placeholder names allowed besides the symbols (e.g. {tilbud} in a justification).
/// Returns the symbols it shows (rendered after evaluation, so they must be computed).
std::vector<symbol_id> check_template(checker_context& cx, const std::string& text, location where,
                                      const std::vector<std::string>& extra = {});

/// Evaluates a constant expression (a literal or enum value) for parameters and tests.
std::optional<std::int64_t> constant_value(checker_context& cx, const ast::expr& e, type_id type, std::string_view what);

}  // namespace trappe::detail
