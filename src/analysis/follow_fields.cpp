// The outputs follow reads; see follow_fields.hpp.

#include "follow_fields.hpp"

#include <algorithm>

#include "trappe/eval/batch.hpp"

namespace trappe::detail {
namespace {

bool is_output(const plan& p, symbol_id s) {
    const std::vector<symbol_id> outputs = batch_outputs(p);
    return std::find(outputs.begin(), outputs.end(), s) != outputs.end();
}

}  // namespace

follow_fields::follow_fields(const plan& p, const std::set<std::string>* available, follow_result& r) {
    const program& rules = p.rules();
    const auto need = [&](symbol_id s) {
        names.push_back(rules.symbols[s].name);
        types.push_back(&rules.type_of(s));
        return names.size() - 1;
    };
    const auto has = [&](const std::string& name) { return available == nullptr || available->count(name) != 0; };
    if (rules.recommendation) {
        const symbol_id s = *rules.recommendation;
        if (!has(rules.symbols[s].name))
            throw io_error("the previous decisions have no column '" + rules.symbols[s].name + "', the pack's step");
        step_at = need(s);
        const type_info& t = rules.type_of(s);
        r.step_name = rules.symbols[s].name;
        r.step_lo = t.lo;
        r.step_hi = t.hi;
        for (std::int64_t v = t.lo; v <= t.hi; ++v) r.step_names.push_back(t.value_name(v));
    }
    std::int64_t highest = 0;
    for (const offer& o : rules.offers) {
        // Followed when granting it is its criterion, a recorded output, alone.
        const bool plain = o.criterion && o.condition.kind == op::symbol && o.condition.symbol == *o.criterion &&
                           o.step.kind == op::constant && is_output(p, *o.criterion) && has(rules.symbols[*o.criterion].name);
        if (!plain || r.offers.size() == 32) {
            r.offers_not_followed.push_back(o.name);
            continue;
        }
        r.offers.push_back(o.name);
        offer_at.push_back(need(*o.criterion));
        offer_step.push_back(o.step.value);
        highest = std::max(highest, o.step.value);
    }
    if (!rules.recommendation) {
        // No recommendation: the step is the highest step of the offers granted.
        r.step_name = "trin";
        r.step_lo = 0;
        r.step_hi = highest;
        r.step_names.assign(static_cast<std::size_t>(highest + 1), "");
    }
    for (const symbol_id s : batch_outputs(p)) {
        const symbol& sym = rules.symbols[s];
        if (target_at == no_field && sym.is_criterion && sym.name.rfind("maalgruppe", 0) == 0 && has(sym.name)) {
            target_at = need(s);
            r.target_group = sym.name;
        }
        if (contacts_at == no_field && sym.name == "sparede_kontakter" && has(sym.name)) {
            contacts_at = need(s);
            r.contacts = sym.name;
        }
    }
}

follow_side follow_fields::side(const std::int64_t* lo, const std::int64_t* hi) const noexcept {
    follow_side s;
    for (std::size_t i = 0; i < offer_at.size(); ++i) {
        const std::size_t at = offer_at[i];
        if (lo[at] == 1) s.granted |= 1u << i;
        else if (hi[at] == 1) s.open |= 1u << i;
    }
    if (step_at != no_field) {
        s.step_lo = static_cast<std::int32_t>(lo[step_at]);
        s.step_hi = static_cast<std::int32_t>(hi[step_at]);
    } else {
        // The highest step surely granted, and the highest possibly granted.
        for (std::size_t i = 0; i < offer_at.size(); ++i) {
            const auto step = static_cast<std::int32_t>(offer_step[i]);
            if ((s.granted >> i) & 1u) s.step_lo = std::max(s.step_lo, step);
            if (((s.granted | s.open) >> i) & 1u) s.step_hi = std::max(s.step_hi, step);
        }
    }
    if (target_at != no_field) {
        s.target_lo = static_cast<std::int8_t>(lo[target_at]);
        s.target_hi = static_cast<std::int8_t>(hi[target_at]);
    }
    if (contacts_at != no_field) {
        s.contacts_lo = static_cast<std::int16_t>(lo[contacts_at]);
        s.contacts_hi = static_cast<std::int16_t>(hi[contacts_at]);
    }
    return s;
}

}  // namespace trappe::detail
