// Proposed assessments in Danish: "vurder Egenomsorg: ved niveau 2 eller højere
// bliver anbefalingen trin 4; ved niveau 0 til 1 trin 3".

#include "common/text.hpp"
#include "describe.hpp"
#include "trappe/eval/format.hpp"

namespace trappe::detail {

std::string describe_proposal(const program& rules, const assessment_proposal& proposal) {
    const symbol& item = rules.symbols[proposal.input];
    const type_info& t = rules.types[item.type];
    std::string out = concat({"vurder ", label_of(item), ": "});
    bool first = true;
    for (const assessment_outcome& o : proposal.outcomes) {
        if (!first) out += "; ";
        out += concat({"ved ", describe_values(t, o.from, o.to), first ? " bliver anbefalingen " : " ", step_text(rules, o.step)});
        first = false;
    }
    return out;
}

std::string step_text(const program& rules, value_range steps) {
    const symbol& r = rules.symbols[*rules.recommendation];
    const type_info& t = rules.types[r.type];
    std::vector<std::string> each;
    for (std::int64_t v = steps.lo; v <= steps.hi; ++v) {
        const std::string shown = t.display(v);
        each.push_back(shown == std::to_string(v) ? shown : concat({std::to_string(v), " (", shown, ")"}));
    }
    std::string out = concat({r.name, " "});
    for (std::size_t i = 0; i < each.size(); ++i)
        out += concat({i == 0 ? "" : i + 1 == each.size() ? " eller " : ", ", each[i]});
    return out;
}

std::string label_of(const symbol& s) { return s.description.empty() ? s.name : lower_first(s.description); }

}  // namespace trappe::detail
