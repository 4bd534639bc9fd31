// The items diff compares and the features its regions restrict; see diff_space.hpp.

#include "analysis/diff_space.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/text.hpp"
#include "explain/describe.hpp"
#include "plan/plan_internals.hpp"
#include "trappe/common/error.hpp"
#include "trappe/eval/evaluator.hpp"
#include "trappe/eval/format.hpp"

namespace trappe::detail {
namespace {

// A name for a reader: its description, else the name with spaces ("under folkepensionsalder").
std::string readable_label(const symbol& s) {
    if (!s.description.empty()) return label_of(s);
    std::string out = s.name;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

// "§ 85" from "Serviceloven § 85, stk. 1"; "" without a paragraph sign.
std::string paragraph_of(const std::string& citation) {
    const std::size_t at = citation.find("§");
    if (at == std::string::npos) return "";
    const std::size_t end = citation.find(',', at);
    return citation.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// How an item of symbol s is called: a criterion by its paragraph and title.
std::string item_label(const symbol& s) {
    if (s.is_criterion) {
        const std::string paragraph = paragraph_of(s.citation);
        const std::string title = lower_first(s.description);
        return paragraph.empty() ? title : concat({paragraph, " (", title, ")"});
    }
    return readable_label(s);
}

// The symbols named in a template's {placeholders}.
std::vector<symbol_id> placeholders(const program& rules, const std::string& text) {
    std::vector<symbol_id> out;
    for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
        const std::size_t close = text.find('}', open);
        if (close == std::string::npos) break;
        if (const auto s = rules.find(text.substr(open + 1, close - open - 1))) out.push_back(*s);
    }
    return out;
}

// What a plan offers to compare, by name: its targets (slots) and the items' labels and types.
struct plan_items {
    std::vector<analysis::slot_id> targets;
    std::map<std::string, std::pair<std::size_t, diff_item>> by_name;  // name -> (target, item)
    std::vector<std::string> order;
    std::map<std::string, const type_info*> types;
    std::map<std::string, item_source> sources;
};

// For a reform of the same rules: which names read a changed parameter (through
// definitions). An item that reads none cannot change, so it need not be explored.
class parameter_reach {
public:
    parameter_reach(const program& rules, const std::set<symbol_id>& changed)
        : rules_(rules), memo_(rules.symbols.size(), -1) {
        for (symbol_id s : changed) memo_[s] = 1;
    }
    bool symbol(symbol_id s) {
        if (memo_[s] >= 0) return memo_[s] == 1;
        memo_[s] = 0;  // the checker refuses cycles; a guard all the same
        const bool reaches = rules_.symbols[s].kind == symbol_kind::definition && expression(rules_.symbols[s].body);
        memo_[s] = reaches ? 1 : 0;
        return reaches;
    }
    bool expression(const checked_expr& e) {
        if ((e.kind == op::symbol || e.kind == op::known || e.kind == op::lookup) && symbol(e.symbol)) return true;
        for (const checked_expr& a : e.args)
            if (expression(a)) return true;
        return false;
    }

private:
    const program& rules_;
    std::vector<int> memo_;
};

// The definitions an expression names directly (not through other definitions).
void named_definitions(const program& rules, const checked_expr& e, std::vector<symbol_id>& out) {
    if (e.kind == op::symbol && rules.symbols[e.symbol].kind == symbol_kind::definition &&
        rules.type_of(e.symbol).kind != type_kind::string &&
        std::find(out.begin(), out.end(), e.symbol) == out.end())
        out.push_back(e.symbol);
    for (const checked_expr& a : e.args) named_definitions(rules, a, out);
}

// `only`: the item names to keep (all when null); `context`: more symbols to follow,
// whose values describe regions (they cannot change).
plan_items items_of(const plan& p, const std::set<std::string>* only = nullptr,
                    const std::vector<symbol_id>& context = {}) {
    const program& rules = p.rules();
    const plan_internals& code = internals(p);
    plan_items out;
    const auto add = [&](const std::string& name, std::string label, analysis::slot_id slot, const type_info& type,
                         item_source source) {
        if (out.by_name.count(name) != 0 || (only != nullptr && only->count(name) == 0)) return;
        out.sources[name] = source;
        out.by_name.emplace(name, std::make_pair(out.targets.size(), diff_item{name, std::move(label)}));
        out.targets.push_back(slot);
        out.order.push_back(name);
        out.types[name] = &type;
    };
    const auto add_symbol = [&](symbol_id s) {
        const type_info& t = rules.type_of(s);
        if (t.kind == type_kind::string || rules.symbols[s].kind == symbol_kind::input) return;
        add(rules.symbols[s].name, item_label(rules.symbols[s]), analysis::target_of(p, s), t,
            {item_source::kind::symbol, s});
    };
    if (rules.recommendation) add_symbol(*rules.recommendation);
    for (symbol_id s : rules.outputs) add_symbol(s);
    for (std::size_t o = 0; o < rules.offers.size(); ++o) {
        const offer& of = rules.offers[o];
        const planned_offer& po = code.offers[o];
        add(of.name + ".bevilget", concat({"tilbuddet ", of.title}), po.condition, rules.types[builtin_type::boolean],
            {item_source::kind::eligible, o});
        add(of.name + ".trin", concat({of.title, ", trin"}), po.step, rules.types[of.step.type],
            {item_source::kind::step, o});
        if (po.has_review)
            add(of.name + ".opfoelgning", concat({of.title, ", opfølgning (måneder)"}), po.review,
                rules.types[of.review_months.type], {item_source::kind::review, o});
        for (symbol_id s : placeholders(rules, of.scope))
            if (rules.type_of(s).kind != type_kind::string)
                add(concat({of.name, ".omfang.", rules.symbols[s].name}),
                    concat({of.title, ", omfang: ", readable_label(rules.symbols[s])}), analysis::target_of(p, s),
                    rules.type_of(s), {item_source::kind::symbol, s});
    }
    for (symbol_id s : context) add_symbol(s);
    return out;
}

// For a reform of the same rules (only parameters differ): the items that may
// change, and the definitions they name directly, whose values describe regions
// ("støttebehovet moderat"). nullopt for two different packs: every item may change.
struct reform_items {
    std::set<std::string> names;
    std::vector<symbol_id> context;
};

std::optional<reform_items> items_a_reform_may_change(const plan& before, const plan& after) {
    // The same rule files (their content hash) give the same definitions, whatever the overrides.
    if (before.rules().content_hash.empty() || before.rules().content_hash != after.rules().content_hash)
        return std::nullopt;
    const program& rules = before.rules();
    std::set<symbol_id> changed;
    std::set<std::string> names;
    for (const auto* side : {&before.overrides(), &after.overrides()})
        for (const auto& [name, value] : *side) names.insert(name);
    for (const std::string& name : names) {
        const auto b = before.overrides().find(name), a = after.overrides().find(name);
        const bool same = b != before.overrides().end() && a != after.overrides().end() && b->second == a->second;
        if (!same)
            if (const auto s = rules.find(name)) changed.insert(*s);
    }
    parameter_reach reach(rules, changed);
    reform_items out;
    const auto keep_symbol = [&](symbol_id s, const std::string& name) {
        if (!reach.symbol(s)) return;
        out.names.insert(name);
        if (rules.symbols[s].kind == symbol_kind::definition) named_definitions(rules, rules.symbols[s].body, out.context);
    };
    if (rules.recommendation) keep_symbol(*rules.recommendation, rules.symbols[*rules.recommendation].name);
    for (symbol_id s : rules.outputs) keep_symbol(s, rules.symbols[s].name);
    for (const offer& of : rules.offers) {
        if (reach.expression(of.condition)) {
            out.names.insert(of.name + ".bevilget");
            named_definitions(rules, of.condition, out.context);
        }
        if (reach.expression(of.step)) out.names.insert(of.name + ".trin");
        if (reach.expression(of.review_months)) out.names.insert(of.name + ".opfoelgning");
        for (symbol_id s : placeholders(rules, of.scope))
            if (reach.symbol(s)) out.names.insert(concat({of.name, ".omfang.", rules.symbols[s].name}));
    }
    // A value without a description ("dag") says little; the definitions it names
    // ("§ 103", "§ 104") describe regions better, one level down.
    // Only yes/no and named values: an integer such as an age would be split on for nothing.
    const std::vector<symbol_id> named = out.context;
    for (symbol_id s : named) {
        if (!rules.symbols[s].description.empty()) continue;
        std::vector<symbol_id> below;
        named_definitions(rules, rules.symbols[s].body, below);
        for (symbol_id b : below) {
            const type_kind kind = rules.type_of(b).kind;
            const bool named_values = kind == type_kind::boolean || kind == type_kind::enumeration || kind == type_kind::level;
            if (named_values && std::find(out.context.begin(), out.context.end(), b) == out.context.end())
                out.context.push_back(b);
        }
    }
    for (symbol_id s : out.context) out.names.insert(rules.symbols[s].name);
    return out;
}

bool same_names(const type_info& a, const type_info& b) {
    return a.kind == b.kind && a.lo == b.lo && a.hi == b.hi && a.value_names == b.value_names;
}

// "niveau 0, 2 eller 4": runs of the set's values.
std::string runs_text(const type_info& t, value_range v, bool derived) {
    std::vector<std::string> parts;
    for (std::int64_t x = v.lo; x <= v.hi; ++x) {
        if (!v.contains(x)) continue;
        std::int64_t end = x;
        while (end < v.hi && v.contains(end + 1)) ++end;
        if (derived && x == end) parts.push_back(format_value(t, {x, x}));
        else if (t.kind == type_kind::boolean || t.kind == type_kind::level || t.kind == type_kind::enumeration)
            parts.push_back(describe_values(t, x, end));
        else parts.push_back(x == end ? std::to_string(x) : concat({std::to_string(x), " til ", std::to_string(end)}));
        x = end;
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : i + 1 == parts.size() ? " eller " : ", ") + parts[i];
    return out;
}

}  // namespace

value_range item_source::read(const decision& d) const {
    switch (what) {
        case kind::symbol: return d.value(static_cast<symbol_id>(index));
        case kind::eligible: return d.offers()[index].eligible;
        case kind::step: return d.offers()[index].step;
        case kind::review: return d.offers()[index].review_months;
    }
    return {};
}

std::shared_ptr<diff_space> diff_space::make(const plan& before, const plan& after, std::vector<std::string>& notes) {
    const std::optional<reform_items> reform = items_a_reform_may_change(before, after);
    const std::set<std::string>* kept = reform ? &reform->names : nullptr;
    const std::vector<symbol_id> context = reform ? reform->context : std::vector<symbol_id>{};
    const plan_items a = items_of(before, kept, context), b = items_of(after, kept, context);
    std::vector<compared_item> items;
    for (const std::string& name : a.order) {
        const auto there = b.by_name.find(name);
        if (there == b.by_name.end()) {
            notes.push_back(concat({a.by_name.at(name).second.label, " findes kun før ændringen"}));
            continue;
        }
        compared_item item;
        item.shown = a.by_name.at(name).second;
        item.target[0] = a.by_name.at(name).first;
        item.target[1] = there->second.first;
        item.type[0] = a.types.at(name);
        item.type[1] = b.types.at(name);
        item.source[0] = a.sources.at(name);
        item.source[1] = b.sources.at(name);
        item.same_encoding = same_names(*item.type[0], *item.type[1]);
        items.push_back(std::move(item));
    }
    for (const std::string& name : b.order)
        if (a.by_name.count(name) == 0) notes.push_back(concat({b.by_name.at(name).second.label, " findes kun efter ændringen"}));

    std::vector<analysis::explored_plan> plans{{before.shared_from_this(), a.targets}, {after.shared_from_this(), b.targets}};
    auto space = std::make_shared<diff_space>(analysis::explorer(std::move(plans)));
    space->items = std::move(items);

    // Features: the inputs, the date case, then the first pack's values of the compared symbols.
    const std::vector<analysis::space_input>& inputs = space->explorer.inputs();
    bool dates = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const analysis::space_input& in = inputs[i];
        if (in.is_text) continue;
        if (in.is_date) {
            dates = true;
            continue;
        }
        const std::int64_t width = in.rule.hi - in.rule.lo + 1 + (in.may_be_unassessed ? 1 : 0);
        const bool finite = width > 0 && width <= 64;
        const bool unassessed_bit = finite && in.may_be_unassessed;
        space->cover.push_back({{in.rule.lo, in.rule.hi + (unassessed_bit ? 1 : 0)}, finite});
        space->sources.push_back({feature_source::kind::input, i, 0, unassessed_bit});
        const auto index = in.index_in_plan[0] ? in.index_in_plan[0] : in.index_in_plan[1];
        const plan& owner = in.index_in_plan[0] ? before : after;
        const symbol& s = owner.rules().symbols[owner.inputs()[*index]];
        space->shown.push_back({in.name, readable_label(s), false});
    }
    const std::size_t cases = space->explorer.date_cases().size();
    if (dates && cases > 1) {
        space->cover.push_back({{0, static_cast<std::int64_t>(cases) - 1}, cases <= 64});
        space->sources.push_back({feature_source::kind::date_case, 0, 0, false});
        space->shown.push_back({"datoer", "alder og datoer", false});
    }
    const program& rules = before.rules();
    const plan_internals& code = internals(before);
    for (std::size_t i = 0; i < space->items.size(); ++i) {
        const auto s = rules.find(space->items[i].shown.name);
        if (!s || space->items[i].type[0]->kind == type_kind::date) continue;  // offers' parts and dates describe nothing
        const value_range domain = code.static_ranges[a.targets[space->items[i].target[0]]];
        if (domain.determined()) continue;  // one value everywhere: it tells regions nothing apart
        const bool finite = domain.hi - domain.lo < 64;
        space->cover.push_back({{domain.lo, domain.hi}, finite});
        space->sources.push_back({feature_source::kind::derived, i, *s, false});
        space->shown.push_back({space->items[i].shown.name, space->items[i].shown.label, true});
    }

    // The date cases in words: the first pack's yes/no definitions that read dates only.
    if (dates && cases > 1) {
        std::vector<int> date_only(rules.symbols.size(), -1);  // -1 unknown, 0 no, 1 yes
        const auto reads_dates_only = [&](const auto& self, symbol_id id) -> bool {
            if (date_only[id] >= 0) return date_only[id] == 1;
            date_only[id] = 0;  // cycles cannot occur; a guard all the same
            const symbol& s = rules.symbols[id];
            bool only = true;
            if (s.kind == symbol_kind::input) only = rules.type_of(id).kind == type_kind::date;
            else if (s.kind == symbol_kind::definition) {
                const auto visit = [&](const auto& walk, const checked_expr& e) -> void {
                    if (e.kind == op::symbol || e.kind == op::known) only = only && self(self, e.symbol);
                    for (const checked_expr& x : e.args) walk(walk, x);
                };
                visit(visit, s.body);
            }
            date_only[id] = only ? 1 : 0;
            return only;
        };
        for (symbol_id id = 0; id < rules.symbols.size(); ++id) {
            const symbol& s = rules.symbols[id];
            if (s.kind == symbol_kind::definition && rules.is_reached(id) &&
                rules.type_of(id).kind == type_kind::boolean && reads_dates_only(reads_dates_only, id))
                space->date_symbols.push_back(id);
        }
        for (std::size_t c = 0; c < cases; ++c) {
            profile example(before);
            for (std::size_t i = 0; i < before.inputs().size(); ++i) {
                const input_rule& rule = code.input_rules[i];
                if (rule.kind == type_kind::string) example.set_text(i, "diff");
                else example.set(i, rule.lo);
            }
            for (std::size_t i = 0; i < inputs.size(); ++i)
                if (inputs[i].is_date && inputs[i].index_in_plan[0])
                    example.set(*inputs[i].index_in_plan[0], space->explorer.date_cases()[c].dates[i]);
            std::vector<std::int64_t> values(space->date_symbols.size(), -1);
            const evaluation result = evaluate(before, example);
            if (const auto* d = std::get_if<decision>(&result))
                for (std::size_t k = 0; k < values.size(); ++k) {
                    const value_range v = d->value(space->date_symbols[k]);
                    if (v.determined()) values[k] = v.lo;
                }
            space->date_case_values.push_back(std::move(values));
        }
    }
    return space;
}

bool diff_space::differs(std::size_t i, value_range before, value_range after) const {
    const compared_item& item = items[i];
    if (item.same_encoding) return before.lo != after.lo || before.hi != after.hi || before.mask != after.mask;
    return value_text(i, 0, before) != value_text(i, 1, after);
}

std::string diff_space::value_text(std::size_t i, int side, value_range v) const {
    return format_value(*items[i].type[side], v);
}

std::string diff_space::values_text(std::size_t f, const feature_span& span) const {
    const feature_source& source = sources[f];
    const value_range v = cover[f].range_of(span);
    if (source.what == feature_source::kind::date_case) {
        // The literals that hold in every case of the set; enough when exactly these cases have them.
        std::vector<std::size_t> chosen;
        std::set<std::size_t> matching;
        for (std::size_t c = 0; c < date_case_values.size(); ++c) matching.insert(c);
        const auto in_set = [&](std::size_t c) { return v.contains(static_cast<std::int64_t>(c)); };
        for (std::size_t k = 0; k < date_symbols.size(); ++k) {
            std::int64_t value = -2;
            bool common = true;
            for (std::size_t c = 0; c < date_case_values.size() && common; ++c) {
                if (!in_set(c)) continue;
                if (value == -2) value = date_case_values[c][k];
                common = date_case_values[c][k] == value && value >= 0;
            }
            if (!common || value < 0) continue;
            const std::size_t before_size = matching.size();
            std::erase_if(matching, [&](std::size_t c) { return date_case_values[c][k] != value; });
            if (matching.size() < before_size) chosen.push_back(k);
        }
        bool exact = true;
        for (std::size_t c = 0; c < date_case_values.size(); ++c) exact = exact && (matching.count(c) != 0) == in_set(c);
        std::string out;
        const program& rules = explorer.plans()[0].compiled->rules();
        for (std::size_t k : chosen) {
            const std::int64_t value = date_case_values[*matching.begin()][k];
            out += concat({out.empty() ? "" : ", ", readable_label(rules.symbols[date_symbols[k]]), value ? " ja" : " nej"});
        }
        if (exact && !out.empty()) return out;
        // No conjunction says it: name the cases by their dates.
        std::string cases_text;
        for (std::size_t c = 0; c < date_case_values.size(); ++c) {
            if (!in_set(c)) continue;
            cases_text += concat({cases_text.empty() ? "" : " eller ", "datotilfælde ", std::to_string(c + 1)});
        }
        return cases_text;
    }
    if (source.what == feature_source::kind::derived) {
        const compared_item& item = items[source.index];
        return runs_text(*item.type[0], v, true);
    }
    const analysis::space_input& in = explorer.inputs()[source.index];
    std::string values;
    value_range assessed = v;
    const bool unassessed = source.unassessed_bit && v.contains(cover[f].domain.hi);
    if (source.unassessed_bit && v.hi == cover[f].domain.hi) {
        const std::uint64_t bits = span.bits & ~(std::uint64_t{1} << (cover[f].domain.hi - cover[f].domain.lo));
        assessed = bits ? value_range::of_bits(cover[f].domain.lo, bits) : value_range{1, 0};
    }
    if (assessed.lo <= assessed.hi) values = runs_text(*in.type, assessed, false);
    if (unassessed) values += values.empty() ? "ikke vurderet" : " eller ikke vurderet";
    return values;
}

std::string diff_space::condition_text(std::size_t f, const feature_span& span) const {
    const std::string values = values_text(f, span);
    // The date cases are named by their own conditions ("voksen ja, under folkepensionsalder ja").
    if (sources[f].what == feature_source::kind::date_case) return values;
    return concat({shown[f].label, " ", values});
}

std::vector<feature_span> diff_space::cell_of(const analysis::region& where,
                                              std::span<const std::vector<value_range>> values) const {
    std::vector<feature_span> out(cover.size());
    for (std::size_t f = 0; f < cover.size(); ++f) {
        const feature_source& source = sources[f];
        const cover_feature& feature = cover[f];
        switch (source.what) {
            case feature_source::kind::input: {
                const analysis::input_choices& choice = where.inputs[source.index];
                feature_span span = choice.assessed ? feature.span_of(choice.values) : feature_span{0, 0, 0};
                if (source.unassessed_bit && choice.unassessed)
                    span.bits |= std::uint64_t{1} << (feature.domain.hi - feature.domain.lo);
                out[f] = span;
                break;
            }
            case feature_source::kind::date_case: {
                const auto c = static_cast<std::int64_t>(where.date_case);
                out[f] = feature.span_of({c, c});
                break;
            }
            case feature_source::kind::derived:
                out[f] = feature.span_of(values[0][items[source.index].target[0]]);
                break;
        }
    }
    return out;
}

}  // namespace trappe::detail
