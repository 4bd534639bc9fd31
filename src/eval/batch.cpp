// The block evaluator: one pass of the plan per block of rows, each instruction a
// tight loop over the block that the compiler can vectorize; rows whose outputs
// depend on items ikke vurderet go to the set path of single evaluation.

#include "trappe/eval/batch.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "evaluate_on_sets.hpp"
#include "trappe/detail/arithmetic.hpp"
#include "trappe/eval/evaluator.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {
namespace {

constexpr std::size_t block_rows = 256;

// The row loops are compiled twice on x86-64, for AVX2 and for the baseline, and
// the loader picks one for the CPU it runs on: portable binaries, wide vectors.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define TRAPPE_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TRAPPE_VECTOR_CLONES
#endif

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

// Evaluates a block of rows on plain values. An input ikke vurderet is "poisoned":
// poison flows to everything computed from it, except through known() (always
// definite) and through the branch a select does not take. A row whose outputs
// are not poisoned has exactly the result the set semantics give; the others are
// evaluated again on the set path.
// Tables whose keys are a small closed range (enum and level keys) as arrays.
struct dense_table {
    std::int64_t first = 0;
    std::vector<std::int64_t> values;  // empty: search the entries instead
};

std::vector<dense_table> dense_tables(const plan& p) {
    std::vector<dense_table> out;
    for (const step_table& t : p.tables()) {
        dense_table d;
        const auto& e = t.entries;
        if (!e.empty() && e.front().lo >= 0 && e.back().hi <= 255) {
            d.first = e.front().lo;
            for (const table_entry& entry : e)
                for (std::int64_t k = entry.lo; k <= entry.hi; ++k) d.values.push_back(entry.value);
            if (static_cast<std::int64_t>(d.values.size()) != e.back().hi - d.first + 1) d.values.clear();  // a gap
        }
        out.push_back(std::move(d));
    }
    return out;
}

class block_evaluator {
public:
    explicit block_evaluator(const plan& p)
        : p_(p),
          slots_(p.slot_count() * block_rows),
          poison_(p.slot_count() * block_rows),
          poisoned_(p.slot_count()),
          zeros_(block_rows),
          masks_(small_set_masks(p)),
          dense_(dense_tables(p)) {
        // Constants do not change between rows or blocks: fill their slots once.
        for (const instruction& in : p.code())
            if (in.op == opcode::constant) std::fill_n(slot(in.dst), block_rows, in.imm);
    }

    std::int64_t* slot(std::uint32_t s) { return slots_.data() + static_cast<std::size_t>(s) * block_rows; }
    std::uint8_t* poison(std::uint32_t s) { return poison_.data() + static_cast<std::size_t>(s) * block_rows; }

    // Marks whether a slot may hold poison in this block (some row ikke vurderet).
    void set_poisoned(std::uint32_t s, bool any) { poisoned_[s] = any ? 1 : 0; }
    [[nodiscard]] bool poisoned(std::uint32_t s) const { return poisoned_[s] != 0; }

    void run(std::size_t n) {
        for (const instruction& in : p_.code()) {
            if (in.op == opcode::constant) continue;  // filled once, never poisoned
            propagate_poison(in, n);
            compute(in, n);
        }
    }

private:
    // Poison is tracked per slot: an instruction none of whose operands can hold poison
    // is skipped, and a poison array that comes out clean clears its flag (a select
    // guarded by known() usually does), so clean blocks pay almost nothing here.
    TRAPPE_VECTOR_CLONES void propagate_poison(const instruction& in, std::size_t n) {
        const bool unary = in.op == opcode::copy || in.op == opcode::negate || in.op == opcode::logical_not ||
                           in.op == opcode::in_set || in.op == opcode::lookup;
        const bool pa = poisoned(in.a);
        const bool pb = !unary && poisoned(in.b);
        const bool pc = in.op == opcode::select && poisoned(in.c);
        if (in.op == opcode::known || !(pa || pb || pc)) {
            poisoned_[in.dst] = 0;
            return;
        }
        std::uint8_t* __restrict d = poison(in.dst);
        const std::uint8_t* a = pa ? poison(in.a) : zeros_.data();
        const std::uint8_t* b = pb ? poison(in.b) : zeros_.data();
        if (in.op == opcode::select) {
            const std::uint8_t* c = pc ? poison(in.c) : zeros_.data();
            const std::int64_t* __restrict cond = slot(in.a);
            for (std::size_t r = 0; r < n; ++r) d[r] = a[r] | (cond[r] ? b[r] : c[r]);
        } else if (unary) {
            std::copy(a, a + n, d);
        } else {
            for (std::size_t r = 0; r < n; ++r) d[r] = a[r] | b[r];
        }
        std::uint8_t any = 0;
        for (std::size_t r = 0; r < n; ++r) any |= d[r];
        poisoned_[in.dst] = any;
    }

    TRAPPE_VECTOR_CLONES void compute(const instruction& in, std::size_t n) {
        std::int64_t* __restrict d = slot(in.dst);
        const std::int64_t* __restrict a = slot(in.a);
        const std::int64_t* __restrict b = slot(in.b);
        switch (in.op) {
            case opcode::constant: std::fill(d, d + n, in.imm); break;
            case opcode::copy: std::copy(a, a + n, d); break;
            case opcode::negate: for (std::size_t r = 0; r < n; ++r) d[r] = detail::negate(a[r]); break;
            case opcode::logical_not: for (std::size_t r = 0; r < n; ++r) d[r] = a[r] ^ 1; break;
            case opcode::add: for (std::size_t r = 0; r < n; ++r) d[r] = detail::add(a[r], b[r]); break;
            case opcode::sub: for (std::size_t r = 0; r < n; ++r) d[r] = detail::sub(a[r], b[r]); break;
            case opcode::mul: for (std::size_t r = 0; r < n; ++r) d[r] = detail::mul(a[r], b[r]); break;
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
            case opcode::known: {
                if (!poisoned(in.a)) {  // every row of the block assessed it
                    std::fill(d, d + n, 1);
                    break;
                }
                const std::uint8_t* __restrict unassessed = poison(in.a);  // an input's poison: not assessed
                for (std::size_t r = 0; r < n; ++r) d[r] = unassessed[r] ^ 1;
                break;
            }
            case opcode::add_months:
                for (std::size_t r = 0; r < n; ++r) d[r] = detail::date_add_months(a[r], b[r]);
                break;
            case opcode::add_days: for (std::size_t r = 0; r < n; ++r) d[r] = detail::date_add_days(a[r], b[r]); break;
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

private:
    const plan& p_;
    std::vector<std::int64_t> slots_;
    std::vector<std::uint8_t> poison_;
    std::vector<std::uint8_t> poisoned_;  // per slot: may hold poison in this block
    std::vector<std::uint8_t> zeros_;
    std::vector<std::uint64_t> masks_;
    std::vector<dense_table> dense_;
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

// The set path for one row: single evaluation on intervals.
bool evaluate_row_on_sets(shared_state& st, std::size_t r) {
    const plan& p = st.p;
    profile in(p);
    for (std::size_t i = 0; i < st.inputs.size(); ++i)
        if (st.inputs[i].data != nullptr && (st.inputs[i].valid == nullptr || st.inputs[i].valid[r] != 0))
            in.set(i, read(st.inputs[i], r));
    const evaluation result = detail::evaluate_on_sets(p, in);  // the block already found it depends on them
    const decision& d = std::get<decision>(result);
    bool determined = true;
    for (std::size_t o = 0; o < st.output_symbols.size(); ++o) {
        const value_range v = d.value(st.output_symbols[o]);
        determined = determined && v.determined();
        write(st.outputs[o].lo, st.outputs[o].type, r, v.lo);
        if (st.outputs[o].hi != nullptr) write(st.outputs[o].hi, st.outputs[o].type, r, v.hi);
    }
    st.status[r] = determined ? row_status::determined : row_status::undetermined;
    return determined;
}

// What validating one input column needs, resolved once per batch.
struct input_rule {
    std::int64_t lo = 0, hi = 0;
    bool range_checked = false;  // levels, enums, booleans, bounded integers
    bool required = false;
    bool text = false;           // a string input: never read by the plan
    std::int64_t placeholder = 0;
};

std::vector<input_rule> input_rules(const plan& p) {
    std::vector<input_rule> out;
    const program& rules = p.rules();
    for (symbol_id s : p.inputs()) {
        const type_info& t = rules.type_of(s);
        input_rule r;
        r.lo = t.lo;
        r.hi = t.hi;
        r.range_checked = t.kind != type_kind::date && (t.kind != type_kind::integer || t.bounded);
        r.required = rules.symbols[s].required;
        r.text = t.kind == type_kind::string;
        r.placeholder = t.kind == type_kind::date || (t.kind == type_kind::integer && !t.bounded) ? 0 : t.lo;
        out.push_back(r);
    }
    return out;
}

// Copies rows [begin, begin + n) of one column into a block slot, marking unassessed
// rows as poison and recording the first problem of each row (by input index).
template <typename T>
void gather(const T* data, const std::uint8_t* valid, std::size_t begin, std::size_t n, const input_rule& rule,
            std::uint32_t input, std::int64_t* dst, std::uint8_t* poison, std::uint32_t* problem) {
    for (std::size_t k = 0; k < n; ++k) {
        const bool assessed = valid == nullptr || valid[begin + k] != 0;
        const std::int64_t v = data[begin + k];
        const bool bad = assessed ? rule.range_checked && (v < rule.lo || v > rule.hi) : rule.required;
        dst[k] = assessed && !bad ? v : rule.placeholder;
        poison[k] = assessed ? 0 : 1;
        if (bad && problem[k] == 0) problem[k] = input + 1;
    }
}

void worker(shared_state& st) {
    const plan& p = st.p;
    const program& rules = p.rules();
    const auto inputs = p.inputs();
    const std::vector<input_rule> checks = input_rules(p);
    block_evaluator block(p);
    std::vector<std::uint32_t> problem(block_rows);  // per row: 0, or 1 + the input with a problem
    std::vector<std::uint8_t> dirty(block_rows);     // per row: an output depends on an unassessed item
    batch_summary local;
    const std::optional<std::size_t> as_of_input = p.as_of_input();
    while (true) {
        const std::size_t begin = st.next_block.fetch_add(block_rows);
        if (begin >= st.rows) break;
        const std::size_t n = std::min(st.rows, begin + block_rows) - begin;
        std::fill_n(problem.begin(), n, 0);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const input_column& c = st.inputs[i];
            std::int64_t* dst = block.slot(inputs[i]);
            std::uint8_t* poison = block.poison(inputs[i]);
            const auto input = static_cast<std::uint32_t>(i);
            if (checks[i].text || c.data == nullptr) {
                std::fill_n(dst, n, 0);
                std::fill_n(poison, n, 0);
                continue;
            }
            switch (c.type) {
                case element_type::i8: gather(static_cast<const std::int8_t*>(c.data), c.valid, begin, n, checks[i], input, dst, poison, problem.data()); break;
                case element_type::i16: gather(static_cast<const std::int16_t*>(c.data), c.valid, begin, n, checks[i], input, dst, poison, problem.data()); break;
                case element_type::i32: gather(static_cast<const std::int32_t*>(c.data), c.valid, begin, n, checks[i], input, dst, poison, problem.data()); break;
                case element_type::i64: gather(static_cast<const std::int64_t*>(c.data), c.valid, begin, n, checks[i], input, dst, poison, problem.data()); break;
            }
        }
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const std::uint8_t* poison = block.poison(inputs[i]);
            block.set_poisoned(inputs[i], std::any_of(poison, poison + n, [](std::uint8_t v) { return v != 0; }));
        }
        if (const auto as_of = p.as_of_slot()) {
            const std::int64_t* date = block.slot(inputs[*as_of_input]);
            for (std::size_t k = 0; k < n; ++k)
                if (problem[k] == 0 && date[k] < p.valid_from()) problem[k] = static_cast<std::uint32_t>(*as_of_input) + 1;
            std::copy_n(date, n, block.slot(*as_of));
            block.set_poisoned(*as_of, false);
        }
        block.run(n);

        std::fill_n(dirty.begin(), n, 0);
        for (symbol_id s : st.output_symbols) {
            if (!block.poisoned(s)) continue;
            const std::uint8_t* poison = block.poison(s);
            for (std::size_t k = 0; k < n; ++k) dirty[k] |= poison[k];
        }
        for (std::size_t o = 0; o < st.output_symbols.size(); ++o) {
            const std::int64_t* src = block.slot(st.output_symbols[o]);
            const output_column& out = st.outputs[o];
            for (void* column : {out.lo, out.hi}) {
                if (column == nullptr) continue;
                switch (out.type) {  // rows needing the set path are overwritten below
                    case element_type::i8: std::transform(src, src + n, static_cast<std::int8_t*>(column) + begin, [](std::int64_t v) { return static_cast<std::int8_t>(v); }); break;
                    case element_type::i16: std::transform(src, src + n, static_cast<std::int16_t*>(column) + begin, [](std::int64_t v) { return static_cast<std::int16_t>(v); }); break;
                    case element_type::i32: std::transform(src, src + n, static_cast<std::int32_t*>(column) + begin, [](std::int64_t v) { return static_cast<std::int32_t>(v); }); break;
                    case element_type::i64: std::copy(src, src + n, static_cast<std::int64_t*>(column) + begin); break;
                }
            }
        }
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t r = begin + k;
            if (problem[k] != 0) {
                const std::size_t i = problem[k] - 1;
                const bool unassessed = st.inputs[i].valid != nullptr && st.inputs[i].valid[r] == 0;
                std::string message = unassessed ? "is required and cannot be ikke vurderet"
                                      : checks[i].range_checked
                                          ? "value out of range " + std::to_string(checks[i].lo) + ".." + std::to_string(checks[i].hi)
                                          : "is before the first date the rules apply (" + format_date(p.valid_from()) + ")";
                local.problems.push_back({r + 1, rules.symbols[inputs[i]].name, std::move(message)});
                st.status[r] = row_status::error;
                continue;
            }
            if (dirty[k] != 0) {
                ++(evaluate_row_on_sets(st, r) ? local.determined : local.undetermined);
                continue;
            }
            st.status[r] = row_status::determined;
            ++local.determined;
        }
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
