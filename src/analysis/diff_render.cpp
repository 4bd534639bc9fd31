// The diff as text, JSON (schema trappe.diff/1, docs/schema/diff.schema.json) and a
// self-contained HTML page (inline style, no scripts, every text escaped).

#include <boost/json.hpp>

#include "analysis/diff_space.hpp"
#include "common/text.hpp"
#include "common/text_escape.hpp"
#include "eval/json_value.hpp"
#include "trappe/analysis/diff.hpp"

namespace trappe {
namespace {

using detail::html_escape;

namespace json = boost::json;
using detail::concat;

std::string count_text(std::uint64_t n) { return suppressed_count(n); }

json::value count_json(std::uint64_t n) {
    if (n > 0 && n < 5) return json::value("<5");
    return json::value(n);
}

std::string summary_line(const diff_result& r) {
    return concat({std::to_string(r.regions.size()), r.regions.size() == 1 ? " område" : " områder",
                   " hvor afgørelsen ændres (", std::to_string(r.leaves), " udforskede områder, heraf ",
                   std::to_string(r.changed_leaves), " med ændringer)"});
}

// The population's rows outside the regions, for every format.
std::vector<std::pair<std::string, std::uint64_t>> population_lines(const diff_weights& w) {
    return {{"borgere i alt", w.rows},
            {"uændrede", w.unchanged},
            {"med fejl i profilen (ikke talt med)", w.input_errors},
            {"afhænger af punkter, der ikke er vurderet (ikke talt med)", w.undetermined},
            {"ændres, men ligger ikke helt i ét område (punkter ikke vurderet)", w.changed_unplaced}};
}

constexpr const char* style = R"(
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #1d2733; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccd; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid #dde; }
th { background: #f1f3f7; } td.n { text-align: right; white-space: nowrap; }
.meta { color: #667; font-size: 0.85rem; } .before { color: #8a1c1c; } .after { color: #2f6b37; }
ul { margin: 0; padding-left: 1.1rem; }
)";

}  // namespace

std::string diff_text(const diff_result& r, const diff_weights* w) {
    std::string out = concat({"Forskelle mellem ", r.before_name, " og ", r.after_name, "\n", summary_line(r), "\n"});
    for (const std::string& note : r.notes) out += concat({"  (", note, ")\n"});
    for (std::size_t k = 0; k < r.regions.size(); ++k) {
        const diff_region& region = r.regions[k];
        std::string where;
        for (const diff_condition& c : region.conditions) where += concat({where.empty() ? "" : ", ", c.text});
        out += concat({"\n", std::to_string(k + 1), ". ", where.empty() ? "alle profiler" : where, "\n"});
        for (const diff_change& c : region.changes)
            out += concat({"     ", r.items[c.item].label, ": ", c.before_text, " → ", c.after_text, "\n"});
        if (w != nullptr) out += concat({"     borgere: ", count_text(w->per_region[k]), "\n"});
    }
    if (!r.undetermined.empty()) {
        out += concat({"\nOmråder, der ikke kunne afgøres (ikke dækket af resultatet):\n"});
        for (const std::string& u : r.undetermined) out += concat({"  - ", u, "\n"});
    }
    if (w != nullptr) {
        out += "\nBefolkningen (antal under 5 vises som <5):\n";
        for (const auto& [label, n] : population_lines(*w)) out += concat({"  ", label, ": ", count_text(n), "\n"});
    }
    return out;
}

std::string diff_json(const diff_result& r, const diff_weights* w) {
    json::array items, regions, undetermined, notes;
    for (const diff_item& i : r.items) items.emplace_back(json::object{{"name", i.name}, {"label", i.label}});
    for (std::size_t k = 0; k < r.regions.size(); ++k) {
        const diff_region& region = r.regions[k];
        json::array conditions, changes;
        for (const diff_condition& c : region.conditions) {
            const diff_feature& f = r.features[c.feature];
            conditions.emplace_back(json::object{{"name", f.name}, {"label", f.label}, {"derived", f.derived},
                                                 {"from", c.values.lo}, {"to", c.values.hi}, {"mask", c.values.mask},
                                                 {"text", c.text}, {"values_text", c.values_text}});
        }
        for (const diff_change& c : region.changes)
            changes.emplace_back(json::object{{"name", r.items[c.item].name}, {"label", r.items[c.item].label},
                                              {"before", c.before.lo}, {"after", c.after.lo},
                                              {"before_text", c.before_text}, {"after_text", c.after_text}});
        json::object o{{"id", k + 1}, {"description", region.description}, {"conditions", std::move(conditions)},
                       {"changes", std::move(changes)}};
        if (w != nullptr) o["weight"] = count_json(w->per_region[k]);
        regions.emplace_back(std::move(o));
    }
    for (const std::string& u : r.undetermined) undetermined.emplace_back(json::string(u));
    for (const std::string& n : r.notes) notes.emplace_back(json::string(n));
    json::object out{{"schema", "trappe.diff/1"},
                     {"before", r.before_name},
                     {"after", r.after_name},
                     {"leaves", r.leaves},
                     {"changed_leaves", r.changed_leaves},
                     {"seconds", r.seconds},
                     {"items", std::move(items)},
                     {"regions", std::move(regions)},
                     {"undetermined", std::move(undetermined)},
                     {"notes", std::move(notes)}};
    if (w != nullptr)
        out["population"] = json::object{{"rows", count_json(w->rows)},
                                         {"unchanged", count_json(w->unchanged)},
                                         {"input_errors", count_json(w->input_errors)},
                                         {"undetermined", count_json(w->undetermined)},
                                         {"changed_unplaced", count_json(w->changed_unplaced)}};
    return detail::write_json(out);
}

std::string diff_html(const diff_result& r, const diff_weights* w) {
    std::string out = concat({"<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>Forskelle mellem ",
                              html_escape(r.before_name), " og ", html_escape(r.after_name), "</title><style>", style,
                              "</style></head><body>\n<h1>Forskelle mellem ", html_escape(r.before_name), " og ",
                              html_escape(r.after_name), "</h1>\n<p class=\"meta\">", html_escape(summary_line(r)), "</p>\n"});
    for (const std::string& note : r.notes) out += concat({"<p class=\"meta\">", html_escape(note), "</p>\n"});
    if (r.regions.empty()) out += "<p>Ingen profil får en anden afgørelse.</p>\n";
    else {
        out += concat({"<table><thead><tr><th>#</th><th>Betingelser</th><th>Før → efter</th>",
                       w != nullptr ? "<th>Borgere</th>" : "", "</tr></thead><tbody>\n"});
        for (std::size_t k = 0; k < r.regions.size(); ++k) {
            const diff_region& region = r.regions[k];
            out += concat({"<tr><td class=\"n\">", std::to_string(k + 1), "</td><td><ul>"});
            for (const diff_condition& c : region.conditions) out += concat({"<li>", html_escape(c.text), "</li>"});
            if (region.conditions.empty()) out += "<li>alle profiler</li>";
            out += "</ul></td><td><ul>";
            for (const diff_change& c : region.changes)
                out += concat({"<li>", html_escape(r.items[c.item].label), ": <span class=\"before\">", html_escape(c.before_text),
                               "</span> → <span class=\"after\">", html_escape(c.after_text), "</span></li>"});
            out += "</ul></td>";
            if (w != nullptr) out += concat({"<td class=\"n\">", html_escape(count_text(w->per_region[k])), "</td>"});
            out += "</tr>\n";
        }
        out += "</tbody></table>\n";
    }
    if (!r.undetermined.empty()) {
        out += "<h2>Områder, der ikke kunne afgøres</h2><ul>\n";
        for (const std::string& u : r.undetermined) out += concat({"<li>", html_escape(u), "</li>\n"});
        out += "</ul>\n";
    }
    if (w != nullptr) {
        out += "<h2>Befolkningen</h2><p class=\"meta\">Antal under 5 vises som &lt;5.</p><table><tbody>\n";
        for (const auto& [label, n] : population_lines(*w))
            out += concat({"<tr><td>", html_escape(label), "</td><td class=\"n\">", html_escape(count_text(n)), "</td></tr>\n"});
        out += "</tbody></table>\n";
    }
    return out + "</body></html>\n";
}

}  // namespace trappe
