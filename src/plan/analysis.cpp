#include "plan/analysis.hpp"

#include <algorithm>

#include "plan/semantics.hpp"

namespace trappe::detail {

namespace {

// The values each input slot can hold once validated (code.input_rules; the as-of
// date from the pack's first valid date on), and known()'s slots 0 or 1.
std::vector<value_range> input_ranges(const plan& p, const plan_internals& code) {
    std::vector<value_range> out(code.slot_count, value_range{0, 0});
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const input_rule& rule = code.input_rules[i];
        // A string's slot holds nothing: the plan reads only whether it was assessed.
        if (rule.kind != type_kind::string) out[p.inputs()[i]] = {rule.lo, rule.hi};
    }
    for (std::uint32_t slot : code.assessed_slots)
        if (slot != no_slot) out[slot] = {0, 1};
    if (code.as_of_slot)
        out[*code.as_of_slot] = {std::max<std::int64_t>(earliest_date, p.valid_from()),
                                 std::min<std::int64_t>(latest_date, p.valid_to())};
    return out;
}

bool is_comparison(opcode op) {
    return op == opcode::eq || op == opcode::ne || op == opcode::lt || op == opcode::le || op == opcode::gt ||
           op == opcode::ge;
}

// The fused opcode for `combine(c, compare(a, b))`; the fused lists follow the
// order eq, ne, lt, le, gt, ge.
opcode fused_opcode(opcode combine, opcode compare) {
    const auto offset = static_cast<int>(compare) - static_cast<int>(opcode::eq);
    const opcode first = combine == opcode::add_exact ? opcode::add_eq
                         : combine == opcode::logical_and ? opcode::all_eq
                                                          : opcode::any_eq;
    return static_cast<opcode>(static_cast<int>(first) + offset);
}

// A comparison whose only reader is a count step, an `and` or an `or`, and which is
// not itself a symbol's or an offer's value, joins its reader in one instruction.
std::vector<instruction> fuse(const plan& p, const plan_internals& code) {
    std::vector<std::uint32_t> readers(code.slot_count, 0);
    std::vector<std::int64_t> producer(code.slot_count, -1);
    for (std::size_t k = 0; k < code.code.size(); ++k) {
        const instruction& in = code.code[k];
        producer[in.dst] = static_cast<std::int64_t>(k);
        with_semantics(in.op, [&](auto s) {
            for (unsigned bit : {reads_a, reads_b, reads_c})
                if (decltype(s)::reads & bit) ++readers[operand_slot(in, bit)];
        });
    }
    std::vector<std::uint8_t> kept(code.slot_count, 0);  // values read outside the code
    for (std::size_t s = 0; s < p.rules().symbols.size(); ++s) kept[s] = 1;
    for (const planned_offer& o : code.offers) kept[o.condition] = kept[o.step] = kept[o.review] = 1;

    std::vector<instruction> out = code.code;
    std::vector<std::uint8_t> dropped(out.size(), 0);
    for (instruction& in : out) {
        if (in.op != opcode::add_exact && in.op != opcode::logical_and && in.op != opcode::logical_or) continue;
        for (const bool second : {true, false}) {
            const std::uint32_t operand = second ? in.b : in.a, other = second ? in.a : in.b;
            const std::int64_t k = producer[operand];
            if (k < 0 || kept[operand] || readers[operand] != 1 || dropped[static_cast<std::size_t>(k)]) continue;
            const instruction& compare = code.code[static_cast<std::size_t>(k)];
            if (!is_comparison(compare.op)) continue;
            in = {fused_opcode(in.op, compare.op), in.dst, compare.a, compare.b, other, 0};
            dropped[static_cast<std::size_t>(k)] = 1;
            break;
        }
    }
    std::vector<instruction> fused;
    for (std::size_t k = 0; k < out.size(); ++k)
        if (!dropped[k]) fused.push_back(out[k]);
    return fused;
}

// age(a, b) of two date inputs: a valid profile has a on or before b.
std::vector<date_order> date_orders(const plan_internals& code) {
    std::vector<date_order> out;
    const auto input = [&](std::uint32_t slot) {
        return slot < code.input_of_symbol.size() ? code.input_of_symbol[slot] : no_slot;
    };
    for (const instruction& in : code.code) {
        if (in.op != opcode::age || input(in.a) == no_slot || input(in.b) == no_slot) continue;
        const date_order order{input(in.a), input(in.b)};
        if (std::none_of(out.begin(), out.end(),
                         [&](const date_order& o) { return o.earlier == order.earlier && o.later == order.later; }))
            out.push_back(order);
    }
    return out;
}

}  // namespace

void analyse(const plan& p, plan_internals& code) {
    const program& rules = p.rules();
    code.input_of_symbol.assign(rules.symbols.size(), no_slot);
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const symbol_id s = p.inputs()[i];
        code.input_of_symbol[s] = static_cast<std::uint32_t>(i);
        code.input_rules.push_back(input_rule_for(rules, s));
    }
    code.date_orders = date_orders(code);
    std::vector<value_range> r = input_ranges(p, code);
    for (const instruction& in : code.code)
        with_semantics(in.op, [&](auto s) {
            using S = decltype(s);
            r[in.dst] = S::possible({code, in.imm}, r[in.a], r[in.b], r[in.c]);
        });
    // A value with one possible value for every valid input is a constant: fold it
    // (a parameter's only dated version, a rule every valid profile passes). Integer
    // arithmetic whose operands and result stay within the integer type's bounds
    // never saturates: it takes its exact form.
    const auto within_bounds = [&](std::uint32_t s) { return r[s].lo > -integer_bound && r[s].hi < integer_bound; };
    for (instruction& in : code.code) {
        if (in.op != opcode::constant && r[in.dst].determined()) {
            in = {opcode::constant, in.dst, 0, 0, 0, r[in.dst].lo};
            continue;
        }
        const bool exact = within_bounds(in.dst) && within_bounds(in.a) && (in.op == opcode::negate || within_bounds(in.b));
        if (!exact) continue;
        switch (in.op) {
            case opcode::add: in.op = opcode::add_exact; break;
            case opcode::sub: in.op = opcode::sub_exact; break;
            case opcode::mul: in.op = opcode::mul_exact; break;
            case opcode::negate: in.op = opcode::negate_exact; break;
            default: break;
        }
    }
    code.constant_image.assign(code.slot_count, 0);
    for (const instruction& in : code.code) {
        if (in.op == opcode::constant) code.constant_image[in.dst] = in.imm;
        else code.runtime_code.push_back(in);
    }
    code.fused_code = fuse(p, code);
    code.threaded_code.clear();
    for (const instruction& in : code.fused_code)
        if (in.op != opcode::constant) code.threaded_code.push_back(in);
    code.threaded_code.push_back({static_cast<opcode>(opcode_count), 0, 0, 0, 0, 0});
    code.static_ranges = std::move(r);

    const std::size_t words = code.input_words(p);
    code.unguarded = unguarded_inputs(p, code);
    const std::vector<std::uint64_t>& unguarded = code.unguarded;
    code.reaches_decision.assign(p.inputs().size(), 0);
    const auto mark = [&](std::uint32_t slot) {
        for (std::size_t i = 0; i < p.inputs().size(); ++i)
            if (unguarded[slot * words + i / 64] >> (i % 64) & 1) code.reaches_decision[i] = 1;
    };
    for (symbol_id s = 0; s < rules.symbols.size(); ++s)
        if (rules.symbols[s].kind == symbol_kind::definition) mark(s);
    for (const planned_offer& o : code.offers) {
        mark(o.condition);
        mark(o.step);
        if (o.has_review) mark(o.review);
    }
}

std::vector<std::uint64_t> unguarded_inputs(const plan& p, const plan_internals& code) {
    const std::size_t words = code.input_words(p);
    std::vector<std::uint64_t> out(code.slot_count * words, 0);
    // Per slot, the inputs whose being assessed makes it true (known(x) and conjunctions).
    std::vector<std::uint64_t> implies_assessed(code.slot_count * words, 0);
    const auto inputs = p.inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        out[inputs[i] * words + i / 64] |= std::uint64_t{1} << (i % 64);
        if (code.assessed_slots[i] != no_slot)
            implies_assessed[code.assessed_slots[i] * words + i / 64] |= std::uint64_t{1} << (i % 64);
    }
    for (const instruction& in : code.code) {
        std::uint64_t* d = &out[in.dst * words];
        const auto merge = [&](std::uint32_t slot, const std::uint64_t* except) {
            for (std::size_t w = 0; w < words; ++w) d[w] |= out[slot * words + w] & ~(except ? except[w] : 0);
        };
        with_semantics(in.op, [&](auto s) {
            using S = decltype(s);
            if constexpr (std::is_same_v<S, semantics<opcode::select>>) {
                merge(in.a, nullptr);
                merge(in.b, &implies_assessed[in.a * words]);
                merge(in.c, nullptr);
            } else {
                for (unsigned bit : {reads_a, reads_b, reads_c})
                    if (S::reads & bit) merge(operand_slot(in, bit), nullptr);
            }
            if constexpr (std::is_same_v<S, semantics<opcode::logical_and>>)
                for (std::size_t w = 0; w < words; ++w)
                    implies_assessed[in.dst * words + w] =
                        implies_assessed[in.a * words + w] | implies_assessed[in.b * words + w];
        });
    }
    return out;
}

}  // namespace trappe::detail
