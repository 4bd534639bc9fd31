// Two interpreters over the same plan: plain values for fully assessed
// profiles (the fast path), and intervals of possible values, with the
// unassessed inputs behind each undetermined value, for the rest.

#include "trappe/eval/evaluator.hpp"

#include "evaluate_on_sets.hpp"

#include <algorithm>

#include "trappe/detail/arithmetic.hpp"

namespace trappe {
namespace {

std::int64_t lookup_point(const step_table& t, std::int64_t key) {
    const auto it = std::upper_bound(t.entries.begin(), t.entries.end(), key,
                                     [](std::int64_t k, const table_entry& e) { return k < e.lo; });
    // The checker proved every table covers its whole key type, so `it` is never begin().
    return it == t.entries.begin() ? t.entries.front().value : std::prev(it)->value;
}

value_range lookup_range(const step_table& t, value_range key) {
    value_range out{INT64_MAX, INT64_MIN};
    for (const table_entry& e : t.entries)
        if (e.hi >= key.lo && e.lo <= key.hi) {
            out.lo = std::min(out.lo, e.value);
            out.hi = std::max(out.hi, e.value);
        }
    return out;
}

bool in_set_point(const std::vector<std::int64_t>& set, std::int64_t v) {
    return std::binary_search(set.begin(), set.end(), v);
}

value_range in_set_range(const std::vector<std::int64_t>& set, value_range v) {
    const auto first = std::lower_bound(set.begin(), set.end(), v.lo);
    const auto last = std::upper_bound(set.begin(), set.end(), v.hi);
    const auto members = last - first;
    if (members == 0) return {0, 0};
    if (members == v.hi - v.lo + 1) return {1, 1};  // the set is sorted and unique
    return {0, 1};
}

// Poison for one instruction: unassessed inputs are poisoned; known() never is; a
// select takes the poison of its condition and of the branch it takes.
std::uint8_t poison_of(const instruction& in, const std::int64_t* v, const std::uint8_t* poison) {
    switch (in.op) {
        case opcode::constant:
        case opcode::known: return 0;
        case opcode::select: return poison[in.a] | (v[in.a] ? poison[in.b] : poison[in.c]);
        case opcode::copy: case opcode::negate: case opcode::logical_not: case opcode::in_set: case opcode::lookup:
            return poison[in.a];
        default: return poison[in.a] | poison[in.b];
    }
}

// Plain values, from the constant image, over the constant-free code. With Poison,
// unassessed inputs hold a placeholder and known() reads whether they were assessed;
// a result without poison is exactly what the set semantics give, since nothing
// unassessed reached it.
template <bool Poison>
void run_point(const plan& p, std::int64_t* v, [[maybe_unused]] std::uint8_t* poison) {
    for (const instruction& in : p.runtime_code()) {
        if constexpr (Poison) poison[in.dst] = poison_of(in, v, poison);
        const std::int64_t a = v[in.a];
        const std::int64_t b = v[in.b];
        std::int64_t& d = v[in.dst];
        switch (in.op) {
            case opcode::constant: d = in.imm; break;
            case opcode::copy: d = a; break;
            case opcode::negate: d = detail::negate(a); break;
            case opcode::logical_not: d = !a; break;
            case opcode::add: d = detail::add(a, b); break;
            case opcode::sub: d = detail::sub(a, b); break;
            case opcode::mul: d = detail::mul(a, b); break;
            case opcode::eq: d = a == b; break;
            case opcode::ne: d = a != b; break;
            case opcode::lt: d = a < b; break;
            case opcode::le: d = a <= b; break;
            case opcode::gt: d = a > b; break;
            case opcode::ge: d = a >= b; break;
            case opcode::logical_and: d = a & b; break;
            case opcode::logical_or: d = a | b; break;
            case opcode::max: d = std::max(a, b); break;
            case opcode::min: d = std::min(a, b); break;
            case opcode::select: d = a ? b : v[in.c]; break;
            case opcode::in_set: d = in_set_point(p.sets()[static_cast<std::size_t>(in.imm)], a); break;
            case opcode::known:
                if constexpr (Poison) d = poison[in.a] ^ 1;
                else d = 1;
                break;
            case opcode::add_months: d = detail::date_add_months(a, b); break;
            case opcode::add_days: d = detail::date_add_days(a, b); break;
            case opcode::age: d = age_in_years(static_cast<day_number>(a), static_cast<day_number>(b)); break;
            case opcode::lookup: d = lookup_point(p.tables()[static_cast<std::size_t>(in.imm)], a); break;
        }
    }
}

// Interval evaluation. deps holds, per slot, the bitset of unassessed inputs
// an undetermined value depends on (W words per slot).
class interval_run {
public:
    interval_run(const plan& p, std::vector<value_range>& v, std::vector<std::uint64_t>& deps, const profile& in)
        : p_(p), v_(v), deps_(deps), in_(in), words_(p.input_words()) {}

    void run() {
        for (const instruction& in : p_.code()) {
            const value_range a = v_[in.a];
            const value_range b = v_[in.b];
            value_range d{};
            switch (in.op) {
                case opcode::constant: d = {in.imm, in.imm}; break;
                case opcode::copy: d = a; break;
                case opcode::negate: d = {detail::negate(a.hi), detail::negate(a.lo)}; break;
                case opcode::logical_not: d = {1 - a.hi, 1 - a.lo}; break;
                case opcode::add: d = {detail::add(a.lo, b.lo), detail::add(a.hi, b.hi)}; break;
                case opcode::sub: d = {detail::sub(a.lo, b.hi), detail::sub(a.hi, b.lo)}; break;
                case opcode::mul: {
                    const std::int64_t c[] = {detail::mul(a.lo, b.lo), detail::mul(a.lo, b.hi), detail::mul(a.hi, b.lo),
                                              detail::mul(a.hi, b.hi)};
                    d = {*std::min_element(c, c + 4), *std::max_element(c, c + 4)};
                    break;
                }
                case opcode::eq: d = equal(a, b); break;
                case opcode::ne: d = equal(a, b); d = {1 - d.hi, 1 - d.lo}; break;
                case opcode::lt: d = less(a, b); break;
                case opcode::le: d = less(a, {b.lo + 1, b.hi + 1}); break;
                case opcode::gt: d = less(b, a); break;
                case opcode::ge: d = less(b, {a.lo + 1, a.hi + 1}); break;
                // Kleene logic on {0,1} intervals: false and x = false, true or x = true.
                case opcode::logical_and: d = {a.lo & b.lo, a.hi & b.hi}; break;
                case opcode::logical_or: d = {a.lo | b.lo, a.hi | b.hi}; break;
                case opcode::max: d = {std::max(a.lo, b.lo), std::max(a.hi, b.hi)}; break;
                case opcode::min: d = {std::min(a.lo, b.lo), std::min(a.hi, b.hi)}; break;
                case opcode::select: {
                    const value_range c = v_[in.c];
                    if (a.lo == 1) d = b;
                    else if (a.hi == 0) d = c;
                    else d = {std::min(b.lo, c.lo), std::max(b.hi, c.hi)};
                    break;
                }
                case opcode::in_set: d = in_set_range(p_.sets()[static_cast<std::size_t>(in.imm)], a); break;
                case opcode::known: {
                    const std::int64_t k = in_.assessed[input_of(in.a)];
                    d = {k, k};
                    break;
                }
                case opcode::add_months: d = {detail::date_add_months(a.lo, b.lo), detail::date_add_months(a.hi, b.hi)}; break;
                case opcode::add_days: d = {detail::date_add_days(a.lo, b.lo), detail::date_add_days(a.hi, b.hi)}; break;
                case opcode::age:
                    d = {age_in_years(static_cast<day_number>(a.hi), static_cast<day_number>(b.lo)),
                         age_in_years(static_cast<day_number>(a.lo), static_cast<day_number>(b.hi))};
                    break;
                case opcode::lookup: d = lookup_range(p_.tables()[static_cast<std::size_t>(in.imm)], a); break;
            }
            v_[in.dst] = d;
            propagate(in, d);
        }
    }

private:
    static value_range equal(value_range a, value_range b) {
        if (a.determined() && b.determined() && a.lo == b.lo) return {1, 1};
        if (a.hi < b.lo || b.hi < a.lo) return {0, 0};
        return {0, 1};
    }

    // a < b: true for every pair, for none, or for some.
    static value_range less(value_range a, value_range b) {
        if (a.hi < b.lo) return {1, 1};
        if (a.lo >= b.hi) return {0, 0};
        return {0, 1};
    }

    std::size_t input_of(std::uint32_t slot) const {
        const auto inputs = p_.inputs();
        return static_cast<std::size_t>(std::lower_bound(inputs.begin(), inputs.end(), slot) - inputs.begin());
    }

    std::uint64_t* deps(std::uint32_t slot) { return deps_.data() + slot * words_; }

    // A determined result depends on nothing; otherwise on what its undetermined operands depend on
    // (for a select whose condition is determined, only the branch it takes).
    void propagate(const instruction& in, value_range d) {
        std::uint64_t* out = deps(in.dst);
        std::fill(out, out + words_, 0);
        if (d.determined()) return;
        const auto merge = [&](std::uint32_t slot) {
            if (v_[slot].determined()) return;
            const std::uint64_t* src = deps(slot);
            for (std::size_t w = 0; w < words_; ++w) out[w] |= src[w];
        };
        switch (in.op) {
            case opcode::constant:
            case opcode::known: return;
            case opcode::select: {
                const value_range c = v_[in.a];
                if (c.lo == 1) merge(in.b);
                else if (c.hi == 0) merge(in.c);
                else { merge(in.a); merge(in.b); merge(in.c); }
                return;
            }
            case opcode::copy: case opcode::negate: case opcode::logical_not: case opcode::in_set: case opcode::lookup:
                merge(in.a);
                return;
            default:
                merge(in.a);
                merge(in.b);
        }
    }

    const plan& p_;
    std::vector<value_range>& v_;
    std::vector<std::uint64_t>& deps_;
    const profile& in_;
    std::size_t words_;
};

std::optional<input_error> check_as_of(const plan& p, std::int64_t as_of, bool overridden) {
    if (as_of >= p.valid_from()) return std::nullopt;
    const program& prog = p.rules();
    return input_error{0, overridden ? "as_of" : prog.symbols[*prog.as_of].name,
                       "is before the first date the rules apply (" + format_date(p.valid_from()) + ")"};
}

// Runs the plan; with `trace`, also returns the value of every slot.
evaluation run(const plan& p, const profile& in, std::optional<day_number> as_of, std::vector<value_range>* trace,
               bool try_plain = true) {
    const program& prog = p.rules();
    const auto inputs = p.inputs();
    if (in.values.size() != inputs.size() || in.assessed.size() != inputs.size())
        throw std::invalid_argument("evaluate: the profile was not made for this plan");
    bool complete = true;  // every input assessed
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (in.assessed[i]) continue;
        if (prog.symbols[inputs[i]].required)
            return input_error{0, prog.symbols[inputs[i]].name, "is required and cannot be ikke vurderet"};
        complete = false;
    }
    std::int64_t as_of_value = 0;
    if (const auto slot = p.as_of_slot()) {
        as_of_value = as_of ? *as_of : in.values[*p.as_of_input()];
        if (auto error = check_as_of(p, as_of_value, as_of.has_value())) return *error;
    }

    const std::size_t symbols = prog.symbols.size();
    std::vector<value_range> values;  // per symbol, unless the evaluation was fully assessed
    std::vector<std::uint64_t> dependencies;
    std::vector<offer_outcome> offers(p.offers().size());

    // Plain values first: exact unless something unassessed reached a definition or an offer.
    // Slots start as the plan's constant image: no zeroing, and no constant is executed.
    std::vector<std::int64_t> slots;
    std::vector<std::uint8_t> poison(complete || !try_plain ? 0 : p.slot_count());
    if (try_plain || complete) {
        slots.assign(p.constant_image().begin(), p.constant_image().end());
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            slots[inputs[i]] = in.assessed[i] ? in.values[i] : 0;  // an unassessed value is poisoned; any will do
            if (!complete) poison[inputs[i]] = in.assessed[i] ? 0 : 1;
        }
        if (const auto slot = p.as_of_slot()) slots[*slot] = as_of_value;
        if (complete) run_point<false>(p, slots.data(), nullptr);
        else run_point<true>(p, slots.data(), poison.data());
    }
    bool clean = try_plain || complete;
    for (std::size_t s = 0; s < symbols && !complete && clean; ++s)
        clean = prog.symbols[s].kind == symbol_kind::input || poison[s] == 0;
    for (std::size_t o = 0; o < offers.size() && !complete && clean; ++o) {
        const planned_offer& po = p.offers()[o];
        clean = poison[po.condition] == 0 && poison[po.step] == 0 && (!po.has_review || poison[po.review] == 0);
    }
    if (clean) {
        if (!complete) {
            values.resize(symbols);
            for (std::size_t s = 0; s < symbols; ++s) values[s] = {slots[s], slots[s]};
        }
        if (!complete) {  // the unassessed inputs themselves: any value, depending on themselves
            const std::size_t words = p.input_words();
            dependencies.assign(symbols * words, 0);
            for (std::size_t i = 0; i < inputs.size(); ++i) {
                if (in.assessed[i]) continue;
                const type_info& t = prog.type_of(inputs[i]);
                values[inputs[i]] = {t.lo, t.hi};
                dependencies[inputs[i] * words + i / 64] |= std::uint64_t{1} << (i % 64);
            }
        }
        if (trace != nullptr) {
            for (std::int64_t v : slots) trace->push_back({v, v});
            for (std::size_t i = 0; i < inputs.size() && !complete; ++i)
                if (!in.assessed[i]) (*trace)[inputs[i]] = values[inputs[i]];
        }
        for (std::size_t o = 0; o < offers.size(); ++o) {
            const planned_offer& po = p.offers()[o];
            offers[o].eligible = {slots[po.condition], slots[po.condition]};
            offers[o].step = {slots[po.step], slots[po.step]};
            if (po.has_review) offers[o].review_months = {slots[po.review], slots[po.review]};
        }
    } else {
        const std::size_t words = p.input_words();
        std::vector<value_range> ranges(p.slot_count());
        std::vector<std::uint64_t> deps(p.slot_count() * words);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const type_info& t = prog.type_of(inputs[i]);
            if (in.assessed[i]) {
                ranges[inputs[i]] = {in.values[i], in.values[i]};
            } else {
                ranges[inputs[i]] = {t.lo, t.hi};
                deps[inputs[i] * words + i / 64] |= std::uint64_t{1} << (i % 64);
            }
        }
        if (const auto slot = p.as_of_slot()) ranges[*slot] = {as_of_value, as_of_value};
        interval_run(p, ranges, deps, in).run();
        if (trace != nullptr) *trace = ranges;
        values.assign(ranges.begin(), ranges.begin() + static_cast<std::ptrdiff_t>(symbols));
        dependencies.assign(deps.begin(), deps.begin() + static_cast<std::ptrdiff_t>(symbols * words));
        for (std::size_t o = 0; o < offers.size(); ++o) {
            const planned_offer& po = p.offers()[o];
            offers[o].eligible = ranges[po.condition];
            offers[o].step = ranges[po.step];
            if (po.has_review) offers[o].review_months = ranges[po.review];
            if (!offers[o].eligible.determined())
                for (std::size_t i = 0; i < inputs.size(); ++i)
                    if (deps[po.condition * words + i / 64] >> (i % 64) & 1) offers[o].depends_on.push_back(inputs[i]);
        }
    }
    std::vector<std::string> texts;
    texts.reserve(p.text_inputs().size());
    for (std::size_t i : p.text_inputs()) texts.push_back(in.texts[i]);
    if (complete) return decision(p, std::move(slots), std::move(offers), std::move(texts));
    return decision(p, std::move(values), std::move(dependencies), std::move(offers), std::move(texts));
}

}  // namespace

evaluation evaluate(const plan& p, const profile& in, std::optional<day_number> as_of) {
    return run(p, in, as_of, nullptr);
}

traced_evaluation evaluate_traced(const plan& p, const profile& in, std::optional<day_number> as_of) {
    std::vector<value_range> slots;
    evaluation result = run(p, in, as_of, &slots);
    if (auto* error = std::get_if<input_error>(&result)) return *error;
    return traced_decision{std::get<decision>(std::move(result)), std::move(slots)};
}

namespace detail {

evaluation evaluate_on_sets(const plan& p, const profile& in) { return run(p, in, std::nullopt, nullptr, false); }

}  // namespace detail

value_range traced_decision::value_of(const checked_expr& e) const {
    if (e.kind == op::constant) return {e.value, e.value};
    const auto slot = result.evaluated_with().slot_of(e);
    if (!slot) throw std::logic_error("value_of: the expression is not part of the evaluated rules");
    return slots[*slot];
}

}  // namespace trappe
