// The dependency graph (Boost.Graph): cycles, evaluation order, unused names.

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "checker_context.hpp"

namespace trappe::detail {
namespace {

using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using vertex = boost::graph_traits<graph>::vertex_descriptor;
using edge = boost::graph_traits<graph>::edge_descriptor;

// Records each back edge with the DFS tree path that closes it, i.e. one cycle.
struct cycle_finder : boost::default_dfs_visitor {
    std::vector<vertex>* parent;
    std::vector<std::vector<vertex>>* cycles;

    void tree_edge(edge e, const graph& g) const { (*parent)[boost::target(e, g)] = boost::source(e, g); }

    void back_edge(edge e, const graph& g) const {
        const vertex from = boost::source(e, g);
        const vertex to = boost::target(e, g);
        std::vector<vertex> path{from};
        for (vertex v = from; v != to;) {
            v = (*parent)[v];
            path.push_back(v);
        }
        std::reverse(path.begin(), path.end());  // to -> ... -> from (-> to)
        cycles->push_back(std::move(path));
    }
};

location use_location(const checker_context& cx, symbol_id user, symbol_id used) {
    for (const symbol_use& u : cx.uses[user])
        if (u.used == used) return u.where;
    return cx.prog.symbols[user].where;
}

void report_cycle(checker_context& cx, const std::vector<vertex>& cycle) {
    std::string path;
    std::vector<diagnostic_note> notes;
    for (std::size_t i = 0; i < cycle.size(); ++i) {
        const auto from = static_cast<symbol_id>(cycle[i]);
        const auto to = static_cast<symbol_id>(cycle[(i + 1) % cycle.size()]);
        path += cx.prog.symbols[from].name + " → ";
        notes.push_back({use_location(cx, from, to),
                         "'" + cx.prog.symbols[from].name + "' uses '" + cx.prog.symbols[to].name + "' here"});
    }
    path += cx.prog.symbols[static_cast<symbol_id>(cycle.front())].name;
    cx.diags.error(cx.prog.symbols[static_cast<symbol_id>(cycle.front())].where, "dependency cycle: " + path, std::move(notes));
}

}  // namespace

void check_dependencies(checker_context& cx) {
    const std::size_t n = cx.prog.symbols.size();
    graph g(n);
    for (symbol_id user = 0; user < n; ++user)
        for (const symbol_use& u : cx.uses[user]) boost::add_edge(user, u.used, g);

    std::vector<vertex> parent(n);
    std::vector<std::vector<vertex>> cycles;
    boost::depth_first_search(g, boost::visitor(cycle_finder{{}, &parent, &cycles}));
    // One diagnostic per distinct cycle (the same set of names found twice is one cycle).
    std::set<std::set<vertex>> reported;
    for (const auto& cycle : cycles)
        if (reported.insert(std::set<vertex>(cycle.begin(), cycle.end())).second) report_cycle(cx, cycle);
    if (!cycles.empty()) return;

    // Reverse topological order of "user -> used" edges puts what is used first.
    std::vector<vertex> order;
    boost::topological_sort(g, std::back_inserter(order));
    for (vertex v : order)
        if (cx.prog.symbols[v].kind == symbol_kind::definition) cx.prog.order.push_back(static_cast<symbol_id>(v));
}

void mark_reached(checker_context& cx, const std::set<file_id>& root_files) {
    program& prog = cx.prog;
    const std::size_t n = prog.symbols.size();
    prog.reached.assign(n, 0);
    constexpr std::size_t none = SIZE_MAX;
    std::vector<std::size_t> reached_by(n, none);  // the first root that reaches each symbol
    std::vector<symbol_id> pending;
    for (std::size_t r = 0; r < cx.roots.size(); ++r) {
        if (prog.reached[cx.roots[r].used] != 0) continue;
        prog.reached[cx.roots[r].used] = 1;
        reached_by[cx.roots[r].used] = r;
        pending.push_back(cx.roots[r].used);
        while (!pending.empty()) {
            const symbol_id s = pending.back();
            pending.pop_back();
            const auto visit = [&](symbol_id used) {
                if (prog.reached[used] != 0) return;
                prog.reached[used] = 1;
                reached_by[used] = r;
                pending.push_back(used);
            };
            for (const symbol_use& u : cx.uses[s]) visit(u.used);
            if (s < cx.template_uses.size())
                for (const symbol_id used : cx.template_uses[s]) visit(used);
        }
    }
    // An extern of the pack itself is its input when nothing defines it (the pack used
    // on its own); an imported one is the importing pack's to define.
    for (symbol_id s = 0; s < n; ++s) {
        const symbol& sym = prog.symbols[s];
        if (prog.reached[s] == 0 || !sym.from_extern || root_files.contains(sym.file)) continue;
        const root_use& root = cx.roots[reached_by[s]];
        cx.diags.error(root.where,
                       root.what + " needs '" + sym.name + "', which an imported pack declares extern, but nothing defines it; "
                       "define '" + sym.name + "' in this pack (a parameter or a definition)",
                       {{sym.where, "declared extern here"}});
    }
    std::erase_if(prog.order, [&](symbol_id s) { return prog.reached[s] == 0; });
}

void warn_unused(checker_context& cx, const std::set<file_id>& root_files) {
    for (symbol_id s = 0; s < cx.prog.symbols.size(); ++s) {
        const symbol& sym = cx.prog.symbols[s];
        if (cx.referenced[s] || !root_files.contains(sym.file)) continue;
        const char* kind = sym.kind == symbol_kind::input       ? "input"
                           : sym.kind == symbol_kind::parameter ? "parameter"
                                                                : "definition";
        cx.diags.warning(sym.where, std::string(kind) + " '" + sym.name + "' is never used");
    }
}

}  // namespace trappe::detail
