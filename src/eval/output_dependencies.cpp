// The outputs' dependencies of a row beyond the batch's block budget: the batch
// splits each set of inputs that outputs share, as single evaluation does, so it
// needs the dependencies single evaluation's possible-values run finds. The same
// steps as possible_step in evaluator.cpp (the semantics table's possible forms on
// intervals, dependencies through the relevant undetermined operands), on one
// word of input bits and lo/hi arrays, which is several times faster.

#include "eval/output_dependencies.hpp"

#include <algorithm>

#include "plan/semantics.hpp"

namespace trappe::detail {

output_dependencies::output_dependencies(const plan& p, const plan_internals& code, std::span<const std::uint32_t> outputs)
    : p_(p),
      code_(code),
      outputs_(outputs.begin(), outputs.end()),
      lo_(code.slot_count, 0),
      hi_(code.slot_count, 0),
      deps_(code.slot_count, 0) {
    // The instructions an output reads, found backwards from the outputs.
    std::vector<std::uint8_t> needed(code.slot_count, 0);
    for (std::uint32_t s : outputs_) needed[s] = 1;
    for (auto it = code.code.rbegin(); it != code.code.rend(); ++it) {
        if (!needed[it->dst]) continue;
        if (it->op == opcode::constant) {
            lo_[it->dst] = hi_[it->dst] = it->imm;
            continue;
        }
        cone_.push_back(*it);
        with_semantics(it->op, [&](auto s) {
            for (unsigned bit : {reads_a, reads_b, reads_c})
                if (decltype(s)::reads & bit) needed[operand_slot(*it, bit)] = 1;
        });
    }
    std::reverse(cone_.begin(), cone_.end());
}

void output_dependencies::run(std::span<const std::int64_t> values, std::span<const std::uint8_t> assessed,
                              std::int64_t as_of) {
    // Loaded as decision_writer::possible loads a profile.
    const auto inputs = p_.inputs();
    std::int64_t* lo = lo_.data();
    std::int64_t* hi = hi_.data();
    std::uint64_t* deps = deps_.data();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const bool given = assessed[i] != 0;
        const std::uint32_t s = inputs[i];
        lo[s] = given ? values[i] : code_.static_ranges[s].lo;
        hi[s] = given ? values[i] : code_.static_ranges[s].hi;
        deps[s] = given ? 0 : std::uint64_t{1} << i;
        if (code_.assessed_slots[i] != no_slot) lo[code_.assessed_slots[i]] = hi[code_.assessed_slots[i]] = given;
    }
    if (code_.as_of_slot) lo[*code_.as_of_slot] = hi[*code_.as_of_slot] = as_of;
    using range = interval<std::int64_t>;
    for (const instruction& in : cone_)
        with_semantics(in.op, [&](auto s) {
            using S = decltype(s);
            const range a{lo[in.a], hi[in.a]};
            const range v = S::possible({code_, in.imm}, a, range{lo[in.b], hi[in.b]}, range{lo[in.c], hi[in.c]});
            lo[in.dst] = v.lo;
            hi[in.dst] = v.hi;
            std::uint64_t d = 0;
            if (!v.determined()) {
                unsigned relevant = S::reads;
                if constexpr (requires { S::relevant(a); }) relevant = S::relevant(a);
                for (unsigned bit : {reads_a, reads_b, reads_c}) {
                    const std::uint32_t slot = operand_slot(in, bit);
                    if ((relevant & bit) != 0 && lo[slot] != hi[slot]) d |= deps[slot];
                }
            }
            deps[in.dst] = d;
        });
}

}  // namespace trappe::detail
