// Single evaluation, with two interpreters derived from the semantics table:
// plain values, when no unassessed input can change a result (the fast path,
// which allocates nothing into a reused decision), and possible values with the
// unassessed inputs behind each undetermined value, for the rest.

#include "trappe/eval/evaluator.hpp"

#include <algorithm>

#include "trappe/common/error.hpp"

#include "evaluate_on_sets.hpp"
#include "eval/input_errors.hpp"
#include "eval/possible_values.hpp"
#include "eval/refine_possible.hpp"
#include "plan/semantics.hpp"

namespace trappe {
namespace detail {

// The plain-value interpreter over instructions ending in one whose op is
// opcode_count. With GCC and Clang it is direct-threaded (a computed goto per
// opcode, so each opcode's jump is predicted on its own); elsewhere a switch. Both
// call semantics<op>::point, nothing else.
void run_threaded(const plan_internals& code, const instruction* in, std::int64_t* v) {
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
    static const void* const handlers[] = {
#define TRAPPE_LABEL(name) &&op_##name,
        TRAPPE_OPCODES(TRAPPE_LABEL)
#undef TRAPPE_LABEL
        &&done,  // op == opcode_count: the end
    };
    goto *handlers[static_cast<std::size_t>(in->op)];
#define TRAPPE_HANDLER(name)                                                                                  \
    op_##name:                                                                                                \
    v[in->dst] = semantics<opcode::name>::point<std::int64_t>({code, in->imm}, v[in->a], v[in->b], v[in->c]); \
    ++in;                                                                                                     \
    goto *handlers[static_cast<std::size_t>(in->op)];
    TRAPPE_OPCODES(TRAPPE_HANDLER)
#undef TRAPPE_HANDLER
done:
    return;
#pragma GCC diagnostic pop
#else
    for (; in->op != static_cast<opcode>(opcode_count); ++in)
        with_semantics(in->op, [&](auto s) {
            using S = decltype(s);
            v[in->dst] = S::template point<std::int64_t>({code, in->imm}, v[in->a], v[in->b], v[in->c]);
        });
#endif
}

void run_plain(const plan_internals& code, std::int64_t* v) { run_threaded(code, code.threaded_code.data(), v); }

namespace {

// One instruction on possible values; deps of its destination start at zero.
[[gnu::always_inline]] inline void possible_step(const plan_internals& code, const instruction& ins, value_range* v,
                                                 std::uint64_t* deps, std::size_t words) {
    with_semantics(ins.op, [&](auto s) {
        using S = decltype(s);
        const value_range result = S::possible({code, ins.imm}, v[ins.a], v[ins.b], v[ins.c]);
        v[ins.dst] = result;
        // A determined result depends on nothing; otherwise on what its relevant undetermined operands do.
        if (result.determined()) return;
        std::uint64_t* out = deps + ins.dst * words;
        const unsigned relevant = relevant_operands<S>(v[ins.a]);
        for (unsigned bit : {reads_a, reads_b, reads_c}) {
            const std::uint32_t slot = operand_slot(ins, bit);
            if ((relevant & bit) == 0 || v[slot].determined()) continue;
            for (std::size_t w = 0; w < words; ++w) out[w] |= deps[slot * words + w];
        }
    });
}

// The same steps on one word of input bits (plans of at most 64 inputs), several
// times faster: operands read as plain intervals, results written in place.
void run_possible_one_word(const plan_internals& code, value_range* v, std::uint64_t* deps) {
    using range = interval<std::int64_t>;
    for (const instruction& ins : code.code)
        with_semantics(ins.op, [&](auto s) {
            using S = decltype(s);
            value_range& out = v[ins.dst];
            if constexpr (std::is_same_v<S, semantics<opcode::copy>>) {
                out = v[ins.a];  // the one result that keeps its operand's set
            } else {
                const range a{v[ins.a].lo, v[ins.a].hi};
                const range r = S::possible({code, ins.imm}, a, range{v[ins.b].lo, v[ins.b].hi}, range{v[ins.c].lo, v[ins.c].hi});
                out.lo = r.lo;
                out.hi = r.hi;
                out.mask = 0;
                out.exact = true;
            }
            if (out.determined()) return;
            const unsigned relevant = relevant_operands<S>(v[ins.a]);
            std::uint64_t d = 0;
            for (unsigned bit : {reads_a, reads_b, reads_c}) {
                const std::uint32_t slot = operand_slot(ins, bit);
                if ((relevant & bit) != 0 && !v[slot].determined()) d |= deps[slot];
            }
            deps[ins.dst] |= d;
        });
}

}  // namespace

void run_possible(const plan_internals& code, value_range* v, std::uint64_t* deps, std::size_t words) {
    if (words == 1) return run_possible_one_word(code, v, deps);
    for (const instruction& ins : code.code) possible_step(code, ins, v, deps, words);
}

void run_possible_again(const plan_internals& code, std::span<const std::uint32_t> indices, value_range* v,
                        std::uint64_t* deps, std::size_t words) {
    for (const std::uint32_t i : indices) {
        const instruction& ins = code.code[i];
        std::fill_n(deps + ins.dst * words, words, std::uint64_t{0});
        possible_step(code, ins, v, deps, words);
    }
}

struct decision_writer {
    // The decision shares the plan's ownership; a reused decision already does.
    static void share(decision& d, const plan& p) {
        if (d.plan_.get() == &p) return;
        d.plan_ = p.weak_from_this().lock();
        if (!d.plan_) throw misuse_error("evaluate: the plan is not owned by the shared_ptr compile() returned");
    }

    // The as-of date's problem, if any (the input's own value was checked with the others).
    static std::optional<input_error> check_as_of(const plan& p, const plan_internals& code, const profile& in,
                                                  std::optional<day_number> as_of) {
        if (!code.as_of_slot) return std::nullopt;
        const auto outside = [&](std::int64_t at) { return at < p.valid_from() || at > p.valid_to(); };
        if (as_of && outside(*as_of)) {
            input_error e = outside_period(p, 0, *as_of);
            e.field = "as_of";
            return e;
        }
        if (!as_of && outside(in.values[*p.as_of_input()])) return outside_period(p, 0, in.values[*p.as_of_input()]);
        return std::nullopt;
    }

    // One pass over the inputs: checks each value with its rule and copies it into
    // its slot for the plain interpreter. Returns the first bad input's index (or
    // inputs) and whether an unassessed input can change a symbol or an offer
    // (then plain values are not exact).
    static std::pair<std::size_t, bool> load_inputs(decision& d, const plan& p, const plan_internals& code,
                                                    const profile& in) {
        // Constants are never overwritten: a decision reused with the same plan keeps them.
        if (d.plan_id_ != code.id || d.points_.size() != code.slot_count)
            d.points_.assign(code.constant_image.begin(), code.constant_image.end());
        share(d, p);
        d.plan_id_ = code.id;
        d.unassessed_.assign(code.input_words(p), 0);
        std::int64_t* v = d.points_.data();
        const auto inputs = p.inputs();
        bool reaches = false;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const bool assessed = in.assessed[i] != 0;
            if (check_input(code.input_rules[i], assessed, in.values[i]) != input_problem::none) return {i, reaches};
            // An unassessed input reaching nothing but known(): any valid value will do.
            v[inputs[i]] = assessed ? in.values[i] : code.static_ranges[inputs[i]].lo;
            if (code.assessed_slots[i] != no_slot) v[code.assessed_slots[i]] = assessed;
            if (assessed) continue;
            d.unassessed_[i / 64] |= std::uint64_t{1} << (i % 64);
            reaches = reaches || code.reaches_decision[i];
        }
        return {inputs.size(), reaches};
    }

    static void start(decision& d, const plan& p, const profile& in) {
        d.offers_.resize(detail::internals(p).offers.size());
        d.texts_.resize(p.text_inputs().size());
        for (std::size_t t = 0; t < p.text_inputs().size(); ++t) d.texts_[t] = in.texts[p.text_inputs()[t]];
    }

    static void plain(decision& d, const plan& p, const plan_internals& code, const profile& in,
                      std::optional<day_number> as_of) {
        d.values_.clear();
        d.dependencies_.clear();
        std::int64_t* v = d.points_.data();
        if (code.as_of_slot) v[*code.as_of_slot] = as_of ? *as_of : in.values[*p.as_of_input()];
        run_plain(code, v);
        start(d, p, in);
        for (std::size_t o = 0; o < code.offers.size(); ++o) {
            const planned_offer& po = code.offers[o];
            offer_outcome& out = d.offers_[o];
            out.eligible = {v[po.condition], v[po.condition]};
            out.step = {v[po.step], v[po.step]};
            out.review_months = po.has_review ? value_range{v[po.review], v[po.review]} : value_range{};
            out.depends_on.clear();
        }
    }

    // The undetermined slots to refine: every symbol but the inputs (an unassessed
    // input is exactly its valid values) and the offers' slots; with `all_slots`
    // the intermediate values too, for explanations.
    static std::vector<std::uint32_t> undetermined_targets(const plan& p, const plan_internals& code,
                                                           const value_range* v, bool all_slots) {
        std::vector<std::uint32_t> out;
        const std::size_t symbols = p.rules().symbols.size();
        const auto wanted = [&](std::uint32_t s) {
            return !v[s].determined() && (s >= symbols || code.input_of_symbol[s] == no_slot);
        };
        for (std::uint32_t s = 0; s < (all_slots ? code.slot_count : symbols); ++s)
            if (wanted(s)) out.push_back(s);
        if (all_slots) return out;
        const auto add = [&](std::uint32_t s) {  // an offer's slot that is not a symbol's
            if (s >= symbols && wanted(s) && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
        };
        for (const planned_offer& po : code.offers) {
            add(po.condition);
            add(po.step);
            if (po.has_review) add(po.review);
        }
        return out;
    }

    // Possible values, and per slot the bitset of unassessed inputs an undetermined
    // value depends on: first on intervals, then refined to exact sets by splitting
    // on those inputs (refine_possible.hpp). `points_` holds the loaded profile on
    // entry and serves the splits as scratch.
    static void possible(decision& d, const plan& p, const plan_internals& code, const profile& in,
                         std::optional<day_number> as_of, bool all_slots) {
        const std::size_t words = code.input_words(p);
        share(d, p);
        d.unassessed_.clear();
        d.values_.assign(code.slot_count, value_range{});
        d.dependencies_.assign(code.slot_count * words, 0);
        value_range* v = d.values_.data();
        std::uint64_t* deps = d.dependencies_.data();
        const auto inputs = p.inputs();
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (in.assessed[i]) {
                v[inputs[i]] = {in.values[i], in.values[i]};
            } else {
                v[inputs[i]] = code.static_ranges[inputs[i]];  // any valid value
                deps[inputs[i] * words + i / 64] |= std::uint64_t{1} << (i % 64);
            }
            const std::int64_t given = in.assessed[i] != 0;
            if (code.assessed_slots[i] != no_slot) v[code.assessed_slots[i]] = {given, given};
        }
        if (code.as_of_slot) {
            const std::int64_t date = as_of ? *as_of : in.values[*p.as_of_input()];
            v[*code.as_of_slot] = {date, date};
            d.points_[*code.as_of_slot] = date;
        }
        run_possible(code, v, deps, words);
        if (const auto targets = undetermined_targets(p, code, v, all_slots); !targets.empty())
            refine_possible(p, code, d.values_, d.dependencies_, targets, d.points_, all_slots);
        start(d, p, in);
        for (std::size_t o = 0; o < code.offers.size(); ++o) {
            const planned_offer& po = code.offers[o];
            offer_outcome& out = d.offers_[o];
            out.eligible = v[po.condition];
            out.step = v[po.step];
            out.review_months = po.has_review ? v[po.review] : value_range{};
            out.depends_on.clear();
            if (out.eligible.determined()) continue;
            for (std::size_t i = 0; i < inputs.size(); ++i)
                if (deps[po.condition * words + i / 64] >> (i % 64) & 1) out.depends_on.push_back(inputs[i]);
        }
    }

    static std::optional<input_error> evaluate(const plan& p, const profile& in, decision& into,
                                               std::optional<day_number> as_of, bool force_possible, bool all_slots = false) {
        const plan_internals& code = internals(p);
        const std::size_t inputs = p.inputs().size();
        if (in.values.size() != inputs || in.assessed.size() != inputs || in.texts.size() != inputs)
            throw misuse_error("evaluate: the profile was not made for this plan");
        const auto [bad, reaches] = load_inputs(into, p, code, in);
        if (bad != inputs) {
            const input_rule& rule = code.input_rules[bad];
            return input_error_of(p, bad, 0, check_input(rule, in.assessed[bad] != 0, in.values[bad]), rule);
        }
        if (auto error = check_date_orders(p, code, in)) return error;
        if (auto error = check_texts(p, in)) return error;
        if (auto error = check_as_of(p, code, in, as_of)) return error;
        if (force_possible || reaches) possible(into, p, code, in, as_of, all_slots);
        else plain(into, p, code, in, as_of);
        return std::nullopt;
    }

    static const std::vector<value_range>& slots(const decision& d) { return d.values_; }
};

evaluation evaluate_on_sets(const plan& p, const profile& in) {
    decision d;
    if (auto error = evaluate_on_sets(p, in, d)) return *error;
    return d;
}

std::optional<input_error> evaluate_on_sets(const plan& p, const profile& in, decision& into) {
    return decision_writer::evaluate(p, in, into, std::nullopt, true);
}

}  // namespace detail

std::optional<input_error> evaluate(const plan& p, const profile& in, decision& into, std::optional<day_number> as_of) {
    return detail::decision_writer::evaluate(p, in, into, as_of, false);
}

evaluation evaluate(const plan& p, const profile& in, std::optional<day_number> as_of) {
    decision d;
    if (auto error = evaluate(p, in, d, as_of)) return *error;
    return d;
}

traced_evaluation evaluate_traced(const plan& p, const profile& in, std::optional<day_number> as_of) {
    // Explanations show every intermediate value: always the possible-values interpreter,
    // which gives each value exactly (a fully assessed profile has only points).
    decision d;
    if (auto error = detail::decision_writer::evaluate(p, in, d, as_of, true, true)) return *error;
    std::vector<value_range> slots = detail::decision_writer::slots(d);
    return traced_decision{std::move(d), std::move(slots)};
}

value_range traced_decision::value_of(const checked_expr& e) const {
    if (e.kind == op::constant) return {e.value, e.value};
    const detail::plan_internals& code = detail::internals(result.evaluated_with());
    if (e.kind == op::symbol) return slots[e.symbol];
    const auto it = code.expression_slots.find(&e);
    if (it == code.expression_slots.end()) throw std::logic_error("value_of: the expression is not part of the evaluated rules");
    return slots[it->second];
}

}  // namespace trappe
