// Declares types and symbols, and checks parameter values and tables.

#include <algorithm>
#include <set>

#include "checker_context.hpp"
#include "trappe/common/date.hpp"

namespace trappe::detail {
namespace {

void declare_one_type(checker_context& cx, const ast::type_decl& d) {
    type_info t;
    t.kind = d.is_enum ? type_kind::enumeration : type_kind::level;
    t.name = d.name;
    t.lo = d.lo;
    t.hi = d.hi;
    if (d.is_enum && d.value_names.empty()) cx.diags.error(d.where, "enum '" + d.name + "' has no values");
    if (!d.is_enum && d.lo > d.hi) cx.diags.error(d.where, "level range of '" + d.name + "' is empty");
    if (!d.is_enum && !d.value_names.empty() &&
        static_cast<std::int64_t>(d.value_names.size()) != d.hi - d.lo + 1)
        cx.diags.error(d.where, "level '" + d.name + "' has " + std::to_string(d.hi - d.lo + 1) + " values but " +
                                    std::to_string(d.value_names.size()) + " names");
    std::set<std::string> seen;
    for (const ast::name_ref& n : d.value_names) {
        if (!seen.insert(n.text).second) cx.diags.error(n.where, "duplicate value '" + n.text + "' in type '" + d.name + "'");
        t.value_names.push_back(n.text);
    }
    t.value_labels = d.value_labels;
    if (const auto [it, inserted] = cx.type_names.emplace(d.name, static_cast<type_id>(cx.prog.types.size())); !inserted) {
        cx.diags.error(d.where, "duplicate type '" + d.name + "'");
        return;
    }
    cx.prog.types.push_back(std::move(t));
}

class symbol_declarer {
public:
    symbol_declarer(checker_context& cx, std::set<file_id> imported) : cx_(cx), imported_(std::move(imported)) {}

    // Adds a symbol, or reports a duplicate.
    void add(symbol s) {
        if (auto it = cx_.symbol_names.find(s.name); it != cx_.symbol_names.end()) {
            symbol& existing = cx_.prog.symbols[it->second];
            // A definition satisfies an `extern` of the same name (the local pack supplies it).
            if (existing.from_extern && s.kind != symbol_kind::input) {
                if (existing.type != s.type)
                    cx_.diags.error(s.where, "'" + s.name + "' is declared extern as " + cx_.type_name(existing.type) +
                                                 " but defined as " + cx_.type_name(s.type),
                                    {{existing.where, "extern declared here"}});
                s.from_extern = false;
                existing = std::move(s);
                return;
            }
            if (s.from_extern && existing.kind != symbol_kind::input && !existing.from_extern) {
                if (existing.type != s.type)
                    cx_.diags.error(s.where, "'" + s.name + "' is declared extern as " + cx_.type_name(s.type) +
                                                 " but defined as " + cx_.type_name(existing.type),
                                    {{existing.where, "defined here"}});
                return;
            }
            // Imports load after the importing file, yet the pack's own definition is the new one.
            if (imported_.contains(s.file) && !imported_.contains(existing.file)) {
                cx_.diags.error(existing.where, "duplicate definition of '" + s.name + "', which an imported pack defines",
                                {{s.where, "first defined here"}});
                return;
            }
            cx_.diags.error(s.where, "duplicate definition of '" + s.name + "'", {{existing.where, "first defined here"}});
            return;
        }
        cx_.symbol_names.emplace(s.name, static_cast<symbol_id>(cx_.prog.symbols.size()));
        cx_.prog.symbols.push_back(std::move(s));
    }

private:
    checker_context& cx_;
    std::set<file_id> imported_;
};

void check_dated_versions(checker_context& cx, const ast::param_decl& d, symbol& s) {
    std::vector<const ast::param_version*> versions;
    for (const ast::param_version& v : d.versions) versions.push_back(&v);
    std::stable_sort(versions.begin(), versions.end(), [](const auto* a, const auto* b) {
        return a->from.value_or(INT32_MIN) < b->from.value_or(INT32_MIN);
    });
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const ast::param_version& v = *versions[i];
        if (i > 0 && versions[i - 1]->from == v.from) {
            cx.diags.error(v.where, v.from ? "two versions of '" + d.name + "' from " + format_date(*v.from)
                                           : "'" + d.name + "' has two values without a date",
                           {{versions[i - 1]->where, "other version here"}});
            continue;
        }
        const auto value = constant_value(cx, v.value, s.type, "a parameter value");
        if (!value) continue;
        table_entry e;
        e.lo = v.from.value_or(INT32_MIN);
        e.hi = i + 1 < versions.size() ? versions[i + 1]->from.value_or(INT32_MIN) - 1 : INT32_MAX;
        e.value = *value;
        e.where = v.where;
        s.entries.push_back(e);
    }
}

void check_table(checker_context& cx, const ast::param_decl& d, symbol& s, type_id key) {
    const type_info& kt = cx.prog.types[key];
    if (kt.kind == type_kind::date) {
        std::vector<table_entry> rows;
        for (const ast::table_row& r : d.rows) {
            if (!r.keys.empty()) {
                cx.diags.error(r.where, "rows of a table by date need a date key: 'before D', 'from D' or 'D1 .. D2'");
                continue;
            }
            const auto value = constant_value(cx, r.value, s.type, "a table value");
            if (!value) continue;
            table_entry e{r.date_lo.value_or(INT32_MIN), r.date_hi.value_or(INT32_MAX), *value, r.where};
            if (e.lo > e.hi) cx.diags.error(r.where, "date range is empty (its end is before its start)");
            rows.push_back(e);
        }
        std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.lo < b.lo; });
        // The rows must cover every date exactly once: a gap or overlap is a mistake in the table.
        std::int64_t next = INT32_MIN;
        for (const table_entry& e : rows) {
            if (e.lo > next)
                cx.diags.error(e.where, "gap in table '" + d.name + "': no row covers " +
                                            (next == INT32_MIN ? "dates before " + format_date(static_cast<day_number>(e.lo))
                                                               : format_date(static_cast<day_number>(next)) + " .. " +
                                                                     format_date(static_cast<day_number>(e.lo - 1))));
            else if (e.lo < next)
                cx.diags.error(e.where, "overlap in table '" + d.name + "': rows cover " +
                                            format_date(static_cast<day_number>(e.lo)) + " twice");
            next = std::max<std::int64_t>(next, e.hi == INT32_MAX ? INT64_MAX : e.hi + 1);
        }
        if (d.rows.empty())  // every lookup needs a row to find
            cx.diags.error(d.where, "table '" + d.name + "' has no rows");
        else if (!rows.empty() && next != INT64_MAX)
            cx.diags.error(d.where, "gap in table '" + d.name + "': no row covers dates from " +
                                        format_date(static_cast<day_number>(next)));
        s.entries = std::move(rows);
        return;
    }
    if (kt.kind != type_kind::enumeration && kt.kind != type_kind::level) {
        cx.diags.error(d.table_key->where, "a table is keyed by date, a level or an enum, not " + cx.type_name(key));
        return;
    }
    std::vector<std::optional<location>> covered(static_cast<std::size_t>(kt.hi - kt.lo + 1));
    for (const ast::table_row& r : d.rows) {
        if (r.keys.empty()) {
            cx.diags.error(r.where, "rows of a table by " + kt.name + " need value names as keys");
            continue;
        }
        const auto value = constant_value(cx, r.value, s.type, "a table value");
        for (const ast::name_ref& k : r.keys) {
            const auto kv = kt.value_of(k.text);
            if (!kv) {
                const std::string near = cx.suggest(k.text, kt.value_names);
                cx.diags.error(k.where, "'" + k.text + "' is not a value of " + kt.name +
                                            (near.empty() ? "" : "; did you mean '" + near + "'?"));
                continue;
            }
            auto& slot = covered[static_cast<std::size_t>(*kv - kt.lo)];
            if (slot) {
                cx.diags.error(k.where, "'" + k.text + "' appears twice in table '" + d.name + "'", {{*slot, "first here"}});
                continue;
            }
            slot = k.where;
            if (value) s.entries.push_back({*kv, *kv, *value, k.where});
        }
    }
    for (std::size_t i = 0; i < covered.size(); ++i)
        if (!covered[i])
            cx.diags.error(d.where, "table '" + d.name + "' has no row for " + kt.display(kt.lo + static_cast<std::int64_t>(i)));
    std::sort(s.entries.begin(), s.entries.end(), [](const auto& a, const auto& b) { return a.lo < b.lo; });
}

}  // namespace

void declare_types(checker_context& cx, const std::vector<loaded_file>& files) {
    cx.prog.types = {
        {type_kind::boolean, "bool", 0, 1, true, {"false", "true"}, {"nej", "ja"}},
        {type_kind::integer, "integer", INT64_MIN / 4, INT64_MAX / 4, false, {}, {}},
        {type_kind::date, "date", INT32_MIN, INT32_MAX, false, {}, {}},
        {type_kind::string, "string", 0, 0, false, {}, {}},
    };
    for (const char* builtin : {"bool", "integer", "date", "string"})
        cx.type_names.emplace(builtin, static_cast<type_id>(cx.type_names.size()));
    for_each_decl<ast::type_decl>(files, [&](const ast::type_decl& d, const loaded_file&) { declare_one_type(cx, d); });
}

void declare_symbols(checker_context& cx, const std::vector<loaded_file>& files) {
    std::set<file_id> imported;
    for (const loaded_file& f : files)
        if (!f.root) imported.insert(f.syntax.id);
    symbol_declarer declarer(cx, std::move(imported));
    for (const loaded_file& f : files) {
        for (const ast::declaration& decl : f.syntax.declarations) {
            if (const auto* d = std::get_if<ast::input_decl>(&decl)) {
                const auto type = cx.resolve_type(d->type);
                symbol s;
                s.kind = symbol_kind::input;
                s.name = d->name;
                s.type = type.value_or(builtin_type::integer);
                s.where = d->where;
                s.file = f.syntax.id;
                s.description = d->description;
                s.required = d->required;
                s.from_extern = d->is_extern;
                declarer.add(std::move(s));
            } else if (const auto* p = std::get_if<ast::param_decl>(&decl)) {
                symbol s;
                s.kind = symbol_kind::parameter;
                s.name = p->name;
                s.type = cx.resolve_type(p->type).value_or(builtin_type::integer);
                s.where = p->where;
                s.file = f.syntax.id;
                s.citation = p->citation;
                s.local = p->local;
                if (p->table_key) {
                    s.is_table = true;
                    const auto key = cx.resolve_type(*p->table_key);
                    s.table_key = key.value_or(builtin_type::date);
                    if (!p->versions.empty())
                        cx.diags.error(p->versions.front().where, "a table parameter cannot also have a single value");
                    if (key) check_table(cx, *p, s, *key);
                } else if (p->versions.empty()) {
                    cx.diags.error(p->where, "parameter '" + p->name + "' has no value (write '= value' or a table)");
                } else {
                    check_dated_versions(cx, *p, s);
                }
                declarer.add(std::move(s));
            } else if (const auto* def = std::get_if<ast::define_decl>(&decl)) {
                symbol s;
                s.kind = symbol_kind::definition;
                s.name = def->name;
                s.where = def->where;
                s.file = f.syntax.id;
                s.description = def->title;
                s.citation = def->citation;
                s.is_criterion = def->is_criterion;
                s.local = def->local;
                s.appealable = def->appealable;
                s.because = def->because.text;
                s.because_at = def->because.where;
                s.because_not = def->because_not.text;
                s.because_not_at = def->because_not.where;
                // The type of an unannotated definition is its body's; known after check_bodies.
                s.type = def->type ? cx.resolve_type(*def->type).value_or(builtin_type::integer) : builtin_type::integer;
                declarer.add(std::move(s));
            }
        }
    }
    cx.uses.resize(cx.prog.symbols.size());
    cx.referenced.resize(cx.prog.symbols.size());
}

}  // namespace trappe::detail
