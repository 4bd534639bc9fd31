// The block evaluator: one pass of the plan per block of rows, each instruction a
// tight loop over the block that the compiler can vectorize.

#include "trappe/eval/batch.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "trappe/eval/evaluator.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {
namespace {

constexpr std::size_t block_rows = 256;

std::int64_t read(const input_column& c, std::size_t r) {
    switch (c.type) {
        case element_type::i8: return static_cast<const std::int8_t*>(c.data)[r];
        case element_type::i16: return static_cast<const std::int16_t*>(c.data)[r];
        case element_type::i32: return static_cast<const std::int32_t*>(c.data)[r];
        case element_type::i64: return static_cast<const std::int64_t*>(c.data)[r];
    }
    return 0;
}

void write(void* data, element_type type, std::size_t r, std::int64_t v) {
    switch (type) {
        case element_type::i8: static_cast<std::int8_t*>(data)[r] = static_cast<std::int8_t>(v); break;
        case element_type::i16: static_cast<std::int16_t*>(data)[r] = static_cast<std::int16_t>(v); break;
        case element_type::i32: static_cast<std::int32_t*>(data)[r] = static_cast<std::int32_t>(v); break;
        case element_type::i64: static_cast<std::int64_t*>(data)[r] = v; break;
    }
}

// Sets of small values as bit masks, so membership is a shift instead of a search.
std::vector<std::uint64_t> small_set_masks(const plan& p) {
    std::vector<std::uint64_t> masks;
    for (const auto& set : p.sets()) {
        std::uint64_t mask = 0;
        for (std::int64_t v : set) {
            if (v < 0 || v > 63) {
                mask = 0;
                break;
            }
            mask |= std::uint64_t{1} << v;
        }
        masks.push_back(mask);
    }
    return masks;
}

class block_evaluator {
public:
    explicit block_evaluator(const plan& p) : p_(p), slots_(p.slot_count() * block_rows), masks_(small_set_masks(p)) {}

    std::int64_t* slot(std::uint32_t s) { return slots_.data() + static_cast<std::size_t>(s) * block_rows; }

    void run(std::size_t n) {
        for (const instruction& in : p_.code()) {
            std::int64_t* __restrict d = slot(in.dst);
            const std::int64_t* __restrict a = slot(in.a);
            const std::int64_t* __restrict b = slot(in.b);
            switch (in.op) {
                case opcode::constant: std::fill(d, d + n, in.imm); break;
                case opcode::copy: std::copy(a, a + n, d); break;
                case opcode::negate: for (std::size_t r = 0; r < n; ++r) d[r] = -a[r]; break;
                case opcode::logical_not: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] ^ 1; break;
                case opcode::add: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] + b[r]; break;
                case opcode::sub: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] - b[r]; break;
                case opcode::mul: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] * b[r]; break;
                case opcode::eq: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] == b[r]; break;
                case opcode::ne: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] != b[r]; break;
                case opcode::lt: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] < b[r]; break;
                case opcode::le: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] <= b[r]; break;
                case opcode::gt: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] > b[r]; break;
                case opcode::ge: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] >= b[r]; break;
                case opcode::logical_and: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] & b[r]; break;
                case opcode::logical_or: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] | b[r]; break;
                case opcode::max: for (std::size_t r = 0; r < n; ++r) d[r] = std::max(a[r], b[r]); break;
                case opcode::min: for (std::size_t r = 0; r < n; ++r) d[r] = std::min(a[r], b[r]); break;
                case opcode::select: {
                    const std::int64_t* __restrict c = slot(in.c);
                    for (std::size_t r = 0; r < n; ++r) d[r] = a[r] ? b[r] : c[r];
                    break;
                }
                case opcode::in_set: {
                    const std::uint64_t mask = masks_[static_cast<std::size_t>(in.imm)];
                    if (mask != 0) {
                        for (std::size_t r = 0; r < n; ++r)
                            d[r] = static_cast<std::uint64_t>(a[r]) < 64 ? static_cast<std::int64_t>((mask >> a[r]) & 1) : 0;
                    } else {
                        const auto& set = p_.sets()[static_cast<std::size_t>(in.imm)];
                        for (std::size_t r = 0; r < n; ++r) d[r] = std::binary_search(set.begin(), set.end(), a[r]);
                    }
                    break;
                }
                case opcode::known: std::fill(d, d + n, 1); break;  // the block holds fully assessed rows only
                case opcode::add_months:
                    for (std::size_t r = 0; r < n; ++r) d[r] = add_months(static_cast<day_number>(a[r]), b[r]);
                    break;
                case opcode::add_days: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] + b[r]; break;
                case opcode::age:
                    for (std::size_t r = 0; r < n; ++r)
                        d[r] = age_in_years(static_cast<day_number>(a[r]), static_cast<day_number>(b[r]));
                    break;
                case opcode::lookup: {
                    const auto& entries = p_.tables()[static_cast<std::size_t>(in.imm)].entries;
                    for (std::size_t r = 0; r < n; ++r) {
                        const auto it = std::upper_bound(entries.begin(), entries.end(), a[r],
                                                         [](std::int64_t k, const table_entry& e) { return k < e.lo; });
                        d[r] = it == entries.begin() ? entries.front().value : std::prev(it)->value;
                    }
                    break;
                }
            }
        }
    }

private:
    const plan& p_;
    std::vector<std::int64_t> slots_;
    std::vector<std::uint64_t> masks_;
};

struct shared_state {
    const plan& p;
    std::span<const input_column> inputs;
    std::span<const output_column> outputs;
    std::vector<symbol_id> output_symbols;
    row_status* status;
    std::size_t rows;
    std::atomic<std::size_t> next_block{0};
    std::mutex problems_mutex;
    batch_summary summary;
};

// Checks one row's inputs; returns the first problem, naming the field only.
std::optional<input_error> check_row(const plan& p, std::span<const input_column> inputs, std::size_t r, bool& complete) {
    const program& rules = p.rules();
    complete = true;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const symbol& s = rules.symbols[p.inputs()[i]];
        const type_info& t = rules.types[s.type];
        if (t.kind == type_kind::string) continue;
        if (inputs[i].valid != nullptr && inputs[i].valid[r] == 0) {
            if (s.required) return input_error{r + 1, s.name, "is required and cannot be ikke vurderet"};
            complete = false;
            continue;
        }
        const std::int64_t v = read(inputs[i], r);
        if ((t.kind != type_kind::integer || t.bounded) && t.kind != type_kind::date && (v < t.lo || v > t.hi))
            return input_error{r + 1, s.name, "value out of range " + std::to_string(t.lo) + ".." + std::to_string(t.hi)};
    }
    if (const auto as_of = p.as_of_input(); as_of && read(inputs[*as_of], r) < p.valid_from())
        return input_error{r + 1, rules.symbols[p.inputs()[*as_of]].name,
                           "is before the first date the rules apply (" + format_date(p.valid_from()) + ")"};
    return std::nullopt;
}

void worker(shared_state& st) {
    const plan& p = st.p;
    block_evaluator block(p);
    std::vector<std::size_t> fast_rows;
    fast_rows.reserve(block_rows);
    batch_summary local;
    const auto inputs = p.inputs();
    while (true) {
        const std::size_t begin = st.next_block.fetch_add(block_rows);
        if (begin >= st.rows) break;
        const std::size_t end = std::min(st.rows, begin + block_rows);
        fast_rows.clear();
        for (std::size_t r = begin; r < end; ++r) {
            bool complete = true;
            if (auto problem = check_row(p, st.inputs, r, complete)) {
                st.status[r] = row_status::error;
                local.problems.push_back(std::move(*problem));
                continue;
            }
            if (complete) {
                fast_rows.push_back(r);
                continue;
            }
            // Items ikke vurderet: the set path of single evaluation.
            profile in(p);
            for (std::size_t i = 0; i < inputs.size(); ++i)
                if (st.inputs[i].data != nullptr && (st.inputs[i].valid == nullptr || st.inputs[i].valid[r] != 0))
                    in.set(i, read(st.inputs[i], r));
            const evaluation result = evaluate(p, in);
            const decision& d = std::get<decision>(result);
            bool determined = true;
            for (std::size_t o = 0; o < st.output_symbols.size(); ++o) {
                const value_range v = d.value(st.output_symbols[o]);
                determined = determined && v.determined();
                write(st.outputs[o].lo, st.outputs[o].type, r, v.lo);
                if (st.outputs[o].hi != nullptr) write(st.outputs[o].hi, st.outputs[o].type, r, v.hi);
            }
            st.status[r] = determined ? row_status::determined : row_status::undetermined;
            ++(determined ? local.determined : local.undetermined);
        }
        // Gather the fully assessed rows into the block's input slots, run, scatter the outputs.
        const std::size_t n = fast_rows.size();
        if (n == 0) continue;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (st.inputs[i].data == nullptr) continue;
            std::int64_t* dst = block.slot(inputs[i]);
            for (std::size_t k = 0; k < n; ++k) dst[k] = read(st.inputs[i], fast_rows[k]);
        }
        if (const auto as_of = p.as_of_slot()) std::copy_n(block.slot(inputs[*p.as_of_input()]), n, block.slot(*as_of));
        block.run(n);
        for (std::size_t o = 0; o < st.output_symbols.size(); ++o) {
            const std::int64_t* src = block.slot(st.output_symbols[o]);
            for (std::size_t k = 0; k < n; ++k) {
                write(st.outputs[o].lo, st.outputs[o].type, fast_rows[k], src[k]);
                if (st.outputs[o].hi != nullptr) write(st.outputs[o].hi, st.outputs[o].type, fast_rows[k], src[k]);
            }
        }
        for (std::size_t k = 0; k < n; ++k) st.status[fast_rows[k]] = row_status::determined;
        local.determined += n;
    }
    std::lock_guard lock(st.problems_mutex);
    st.summary.determined += local.determined;
    st.summary.undetermined += local.undetermined;
    st.summary.problems.insert(st.summary.problems.end(), local.problems.begin(), local.problems.end());
}

}  // namespace

std::vector<symbol_id> batch_outputs(const plan& p) {
    std::vector<symbol_id> out;
    for (symbol_id s : p.rules().outputs)
        if (p.rules().type_of(s).kind != type_kind::string) out.push_back(s);
    return out;
}

batch_summary evaluate_batch(const plan& p, std::size_t rows, std::span<const input_column> inputs,
                             std::span<const output_column> outputs, row_status* status, const batch_options& options) {
    if (inputs.size() != p.inputs().size()) throw std::invalid_argument("evaluate_batch: one input column per plan input");
    const std::vector<symbol_id> output_symbols = batch_outputs(p);
    if (outputs.size() != output_symbols.size()) throw std::invalid_argument("evaluate_batch: one output column per batch output");
    for (std::size_t i = 0; i < inputs.size(); ++i)
        if (inputs[i].data == nullptr && p.rules().type_of(p.inputs()[i]).kind != type_kind::string)
            throw std::invalid_argument("evaluate_batch: input column '" + p.rules().symbols[p.inputs()[i]].name + "' has no data");

    shared_state st{p, inputs, outputs, output_symbols, status, rows, {}, {}, {}};
    unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, (rows + block_rows - 1) / block_rows));
    if (threads <= 1) {
        worker(st);
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back([&st] { worker(st); });
        for (std::thread& t : pool) t.join();
    }
    st.summary.rows = rows;
    st.summary.errors = st.summary.problems.size();
    std::sort(st.summary.problems.begin(), st.summary.problems.end(),
              [](const input_error& a, const input_error& b) { return a.row < b.row; });
    return std::move(st.summary);
}

}  // namespace trappe
