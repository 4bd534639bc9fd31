#include "plan/block_program.hpp"

#include <algorithm>
#include <map>

#include "plan/semantics.hpp"

namespace trappe::detail {

lane lane_for(value_range r) noexcept {
    if (r.lo >= INT8_MIN && r.hi <= INT8_MAX) return lane::i8;
    if (r.lo >= INT16_MIN && r.hi <= INT16_MAX) return lane::i16;
    if (r.lo >= INT32_MIN && r.hi <= INT32_MAX) return lane::i32;
    return lane::i64;
}

namespace {

// A block's live slots should stay in the L1 cache (32 KiB here) with the rows of the
// input columns streaming through; more rows per block spread each instruction's
// dispatch over more rows. 512 rows of the Roskilde plan (56 bytes a row) are 28 KiB.
constexpr std::size_t l1_budget = 32 * 1024;
constexpr std::size_t min_rows = 64, max_rows = 1024;

lane wider(lane a, lane b) { return std::max(a, b); }

class block_builder {
public:
    block_builder(const plan& p, const plan_internals& code) : p_(p), code_(code) {}

    std::unique_ptr<const block_program> build() {
        auto out = std::make_unique<block_program>();
        prog_ = out.get();
        const program& rules = p_.rules();
        std::vector<std::uint32_t> output_slots;
        for (symbol_id s : rules.outputs)
            if (rules.type_of(s).kind != type_kind::string) output_slots.push_back(s);

        // Keep only what an output reads.
        std::vector<std::uint8_t> needed(code_.slot_count, 0);
        for (std::uint32_t s : output_slots) needed[s] = 1;
        std::vector<const instruction*> kept;
        for (auto it = code_.fused_code.rbegin(); it != code_.fused_code.rend(); ++it) {
            if (!needed[it->dst]) continue;
            kept.push_back(&*it);
            with_semantics(it->op, [&](auto s) {
                using S = decltype(s);
                for (unsigned bit : {reads_a, reads_b, reads_c})
                    if (S::reads & bit) needed[operand_slot(*it, bit)] = 1;
            });
        }
        std::reverse(kept.begin(), kept.end());

        // Inputs, assessed flags and the as-of date are block slots filled by the gather.
        const auto inputs = p_.inputs();
        const std::size_t words = code_.input_words(p_);
        const std::vector<std::uint64_t>& unguarded = code_.unguarded;
        prog_->inputs.resize(inputs.size());
        slot_map_.assign(code_.slot_count, no_slot);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            block_input& bi = prog_->inputs[i];
            if (needed[inputs[i]]) bi.value = map_slot(inputs[i]);
            if (code_.assessed_slots[i] != no_slot && needed[code_.assessed_slots[i]])
                bi.assessed = map_slot(code_.assessed_slots[i]);
            for (std::uint32_t s : output_slots)
                if (unguarded[s * words + i / 64] >> (i % 64) & 1) bi.reaches_output = true;
        }
        if (code_.as_of_slot && needed[*code_.as_of_slot]) prog_->as_of = map_slot(*code_.as_of_slot);

        for (const instruction* in : kept) lower(*in);
        for (std::uint32_t s : output_slots)  // an output that is a constant (a parameter) gets a constant slot
            prog_->outputs.push_back(constant_slots_.contains(s) ? operand(s, lane_of(s)) : map_slot(s));
        prog_->output_symbols = output_slots;
        lay_out();
        return out;
    }

private:
    lane lane_of(std::uint32_t plan_slot) const { return lane_for(code_.static_ranges[plan_slot]); }

    std::uint32_t new_slot(lane type) {
        prog_->slots.push_back({type, 0});
        return static_cast<std::uint32_t>(prog_->slots.size() - 1);
    }

    // Whether the calendar tables cover an age or add_months (see month_offset_limit).
    bool calendar_safe(const instruction& in) const {
        const auto input_date = [&](std::uint32_t s) {
            return code_.static_ranges[s].lo >= earliest_date && code_.static_ranges[s].hi <= latest_date;
        };
        if (in.op == opcode::age) return input_date(in.a) && input_date(in.b);
        const value_range months = code_.static_ranges[in.b];
        return input_date(in.a) && months.lo >= -month_offset_limit && months.hi <= month_offset_limit;
    }

    // The block slot of a plan slot in its own lane.
    std::uint32_t map_slot(std::uint32_t plan_slot) {
        if (slot_map_[plan_slot] == no_slot) slot_map_[plan_slot] = new_slot(lane_of(plan_slot));
        return slot_map_[plan_slot];
    }

    // A plan slot read as `type`: a constant in that lane, the slot itself, or a conversion.
    std::uint32_t operand(std::uint32_t plan_slot, lane type) {
        if (const auto c = constant_slots_.find(plan_slot); c != constant_slots_.end()) {
            const auto key = std::make_pair(c->second, type);
            if (const auto it = constants_.find(key); it != constants_.end()) return it->second;
            const std::uint32_t slot = new_slot(type);
            prog_->constants.push_back({slot, c->second});
            constants_.emplace(key, slot);
            return slot;
        }
        const std::uint32_t slot = map_slot(plan_slot);
        if (prog_->slots[slot].type == type) return slot;
        const auto key = std::make_pair(static_cast<std::int64_t>(slot), type);
        if (const auto it = conversions_.find(key); it != conversions_.end()) return it->second;
        const std::uint32_t converted = new_slot(type);
        prog_->code.push_back({opcode::copy, prog_->slots[slot].type, type, converted, slot, 0, 0, 0});
        conversions_.emplace(key, converted);
        return converted;
    }

    void lower(const instruction& in) {
        if (in.op == opcode::constant) {
            constant_slots_.emplace(in.dst, in.imm);
            return;
        }
        unsigned reads = 0;
        with_semantics(in.op, [&](auto s) { reads = decltype(s)::reads; });
        const result_rule rule = result_of(in.op);
        const bool select = in.op == opcode::select;
        // The operand lane holds every operand, and for `same` results the result too.
        lane operand_lane = rule == result_rule::same ? lane_of(in.dst) : lane::i8;
        for (unsigned bit : {reads_a, reads_b, reads_c})
            if ((reads & bit) && !(select && bit == reads_a)) operand_lane = wider(operand_lane, lane_of(operand_slot(in, bit)));
        if (in.op == opcode::add_months || in.op == opcode::add_days || in.op == opcode::age)
            operand_lane = wider(operand_lane, lane::i32);
        // A lookup computes its value in the operand lane: it must hold the table's values too.
        if (in.op == opcode::lookup) operand_lane = wider(operand_lane, lane_of(in.dst));
        const lane result_lane = rule == result_rule::same ? operand_lane
                                 : rule == result_rule::boolean ? lane::i8
                                                                : lane_of(in.dst);
        block_instruction out{in.op, operand_lane, result_lane, 0, 0, 0, 0, in.imm};
        if (in.op == opcode::age || in.op == opcode::add_months) out.imm = calendar_safe(in);
        if (reads & reads_a) out.a = operand(in.a, select ? lane::i8 : operand_lane);
        if (reads & reads_b) out.b = operand(in.b, operand_lane);
        if (reads & reads_c) out.c = operand(in.c, operand_lane);
        out.dst = new_slot(result_lane);
        slot_map_[in.dst] = out.dst;
        prog_->code.push_back(out);
    }

    // Places the slots: constants and outputs for the whole block, the others
    // reusing the bytes of slots no later instruction reads (by lane size).
    void lay_out() {
        const std::size_t n = prog_->slots.size();
        std::vector<std::size_t> last_use(n, 0);
        std::vector<std::uint8_t> pinned(n, 0);  // constants, outputs: live to the end
        for (const block_constant& c : prog_->constants) pinned[c.slot] = 1;
        for (std::uint32_t s : prog_->outputs) pinned[s] = 1;
        for (std::size_t k = 0; k < prog_->code.size(); ++k) {
            const block_instruction& in = prog_->code[k];
            unsigned reads = 0;
            with_semantics(in.op, [&](auto s) { reads = decltype(s)::reads; });
            for (unsigned bit : {reads_a, reads_b, reads_c})
                if (reads & bit) last_use[bit == reads_a ? in.a : bit == reads_b ? in.b : in.c] = k;
        }
        // Bytes per row: slots are placed per row, then scaled by the block's rows.
        std::vector<std::size_t> row_offset(n, SIZE_MAX);
        std::size_t row_bytes = 0;
        std::vector<std::vector<std::size_t>> free_by_lane(lane_count);
        const auto place = [&](std::uint32_t s) {
            const lane l = prog_->slots[s].type;
            auto& free = free_by_lane[static_cast<std::size_t>(l)];
            if (!free.empty()) {
                row_offset[s] = free.back();
                free.pop_back();
                return;
            }
            const std::size_t size = lane_bytes(l);
            row_bytes = (row_bytes + size - 1) / size * size;
            row_offset[s] = row_bytes;
            row_bytes += size;
        };
        const auto release = [&](std::uint32_t s) {
            if (!pinned[s]) free_by_lane[static_cast<std::size_t>(prog_->slots[s].type)].push_back(row_offset[s]);
        };
        for (const block_constant& c : prog_->constants) place(c.slot);
        for (const block_input& in : prog_->inputs) {
            if (in.value != no_slot) place(in.value);
            if (in.assessed != no_slot) place(in.assessed);
        }
        if (prog_->as_of != no_slot) place(prog_->as_of);
        // Inputs nothing reads after the gather would never be released; they are read by some instruction.
        for (std::size_t k = 0; k < prog_->code.size(); ++k) {
            const block_instruction& in = prog_->code[k];
            place(in.dst);
            unsigned reads = 0;
            with_semantics(in.op, [&](auto s) { reads = decltype(s)::reads; });
            for (unsigned bit : {reads_a, reads_b, reads_c}) {
                const std::uint32_t s = bit == reads_a ? in.a : bit == reads_b ? in.b : in.c;
                if ((reads & bit) && last_use[s] == k && row_offset[s] != SIZE_MAX) {
                    release(s);
                    last_use[s] = SIZE_MAX;  // released once even when read twice
                }
            }
        }
        for (std::uint32_t s = 0; s < n; ++s)
            if (row_offset[s] == SIZE_MAX) place(s);
        std::size_t rows = max_rows;
        while (rows > min_rows && rows * row_bytes > l1_budget) rows /= 2;
        prog_->rows_per_block = rows;
        prog_->bytes_per_block = row_bytes * rows;
        // A slot at row offset o holds its rows at o * rows: same-lane slots stay aligned.
        for (std::uint32_t s = 0; s < n; ++s) prog_->slots[s].offset = row_offset[s] * rows;
    }

    const plan& p_;
    const plan_internals& code_;
    block_program* prog_ = nullptr;
    std::vector<std::uint32_t> slot_map_;
    std::map<std::uint32_t, std::int64_t> constant_slots_;  // plan slot -> constant value
    std::map<std::pair<std::int64_t, lane>, std::uint32_t> constants_;
    std::map<std::pair<std::int64_t, lane>, std::uint32_t> conversions_;
};

}  // namespace

std::unique_ptr<const block_program> build_block_program(const plan& p, const plan_internals& code) {
    return block_builder(p, code).build();
}

}  // namespace trappe::detail
