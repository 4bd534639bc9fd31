// Lints: warnings about rules that check but read badly in a decision.

#include "checker_context.hpp"

namespace trappe::detail {
namespace {

bool in_root(const std::vector<loaded_file>& files, file_id id) {
    for (const loaded_file& f : files)
        if (f.syntax.id == id) return f.root;
    return false;
}

}  // namespace

// A decision states its legal basis: "berettiget til … efter <cites>". Without
// `cites` that sentence reads "efter ." in a citizen's letter. Only the pack's own
// files are linted, like unused names; an offer under a criterion that is warned
// about gets no second warning.
void warn_missing_citations(checker_context& cx, const std::vector<loaded_file>& files) {
    for_each_decl<ast::define_decl>(files, [&](const ast::define_decl& d, const loaded_file& f) {
        if (f.root && d.is_criterion && d.citation.empty())
            cx.diags.warning(d.where, "criterion '" + d.name +
                                          "' has no 'cites': its decisions would name no legal basis");
    });
    for_each_decl<ast::offer_decl>(files, [&](const ast::offer_decl& d, const loaded_file& f) {
        if (!f.root || !d.citation.empty()) return;
        if (d.criterion) {
            const auto it = cx.symbol_names.find(d.criterion->text);
            if (it == cx.symbol_names.end()) return;  // reported as an unknown name
            const symbol& criterion = cx.prog.symbols[it->second];
            if (!criterion.is_criterion || !criterion.citation.empty()) return;
            if (in_root(files, criterion.file)) return;  // the criterion is warned about
            cx.diags.warning(d.where, "offer '" + d.name + "' has no 'cites', and its criterion '" + criterion.name +
                                          "' cites nothing either: its decisions would name no legal basis");
            return;
        }
        cx.diags.warning(d.where, "offer '" + d.name + "' has no 'cites': its decisions would name no legal basis");
    });
}

}  // namespace trappe::detail
