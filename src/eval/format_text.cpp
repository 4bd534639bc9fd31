#include "common/text.hpp"
#include <algorithm>

#include "trappe/eval/format.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {
namespace {

using detail::concat;

std::string one_value(const type_info& t, std::int64_t v) {
    switch (t.kind) {
        case type_kind::boolean: return v ? "ja" : "nej";
        case type_kind::date: return format_date(static_cast<day_number>(v));
        case type_kind::enumeration: return t.display(v);
        case type_kind::level: {
            const std::string label = t.display(v);
            const std::string number = std::to_string(v);
            return label == number ? label : concat({number, " (", label, ")"});
        }
        default: return std::to_string(v);
    }
}

// The possible values of a set, "a, b eller c"; booleans read "ja eller nej".
std::string one_of(const type_info& t, value_range v) {
    if (t.kind == type_kind::boolean) return "ja eller nej";
    std::string out;
    for (std::int64_t x = v.lo; x <= v.hi; ++x) {
        if (!v.contains(x)) continue;
        if (!out.empty()) out += x == v.hi ? " eller " : ", ";
        out += one_value(t, x);
    }
    return out;
}

}  // namespace

std::string format_value(const type_info& t, value_range v) {
    if (v.determined()) return one_value(t, v.lo);
    std::string out = t.carries_sets() ? one_of(t, v) : concat({"(", one_value(t, v.lo), " til ", one_value(t, v.hi), ")"});
    if (!v.exact) out += " (ikke præcist afgrænset)";
    return out;
}

std::string format_value(const program& rules, symbol_id s, value_range v, const decision* d) {
    const type_info& t = rules.type_of(s);
    if (t.kind == type_kind::string) return d ? d->text(s) : "";
    return format_value(t, v);
}


std::string render_template(const decision& d, std::string_view text,
                            const std::function<std::optional<std::string>(const std::string&)>& extra) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::size_t close = text[i] == '{' ? text.find('}', i) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out += text[i];
            continue;
        }
        const std::string name(text.substr(i + 1, close - i - 1));
        i = close;
        if (extra) {
            if (auto replacement = extra(name)) {
                out += *replacement;
                continue;
            }
        }
        const auto s = d.rules().find(name);
        out += s ? format_value(d.rules(), *s, d.value(*s), &d) : "{" + name + "}";
    }
    return out;
}

std::string names_of(const program& rules, const std::vector<symbol_id>& symbols) {
    std::string out;
    for (symbol_id s : symbols) {
        if (!out.empty()) out += ", ";
        out += rules.symbols[s].name;
    }
    return out;
}

std::string to_text(const decision& d) {
    const program& rules = d.rules();
    std::string out;
    if (rules.recommendation) {
        const symbol_id r = *rules.recommendation;
        out += "  Anbefalet " + rules.symbols[r].name + ": " + format_value(rules, r, d.value(r), &d);
        const auto deps = d.depends_on(r);
        out += deps.empty() ? "\n" : " (afhænger af: " + names_of(rules, deps) + ")\n";
    }
    std::string granted, possible;
    for (std::size_t o = 0; o < rules.offers.size(); ++o) {
        const offer& of = rules.offers[o];
        const offer_outcome& outcome = d.offers()[o];
        if (outcome.eligible.hi == 0) continue;
        std::string line = "    - " + of.title;
        if (!of.citation.empty()) line += " (" + of.citation + ")";
        if (!of.scope.empty()) line += ": " + render_template(d, of.scope);
        if (of.has_review && outcome.review_months.determined())
            line += "; opfølgning efter " + std::to_string(outcome.review_months.lo) + " måneder";
        if (outcome.eligible.determined()) {
            granted += line + "\n";
        } else {
            possible += line + " (afhænger af: " + names_of(rules, outcome.depends_on) + ")\n";
        }
    }
    if (!granted.empty()) out += "  Tilbud, borgeren er berettiget til:\n" + granted;
    if (!possible.empty()) out += "  Tilbud, der afhænger af ikke vurderede oplysninger:\n" + possible;
    out += "  Resultater:\n";
    for (symbol_id s : rules.outputs) {
        out += "    " + rules.symbols[s].name + ": " + format_value(rules, s, d.value(s), &d);
        const auto deps = d.depends_on(s);
        out += deps.empty() ? "\n" : " (afhænger af: " + names_of(rules, deps) + ")\n";
    }
    return out;
}

}  // namespace trappe
