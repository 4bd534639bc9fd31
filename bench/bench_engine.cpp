// Compile and single-evaluation benchmarks on the Roskilde pack.
// Run from the source tree: build/bench/trappe_bench

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "trappe/population/synthetic.hpp"
#include "trappe/trappe.hpp"

// Counts heap allocations, so the steady-state benchmarks can report (and CI can
// see) that they allocate nothing.
namespace {
std::atomic<std::size_t> allocations{0};
}
void* operator new(std::size_t size) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
// GCC cannot see that these pair with the operator new above.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

std::shared_ptr<const trappe::plan> roskilde() {
    static const auto p = trappe::compile(trappe::check_rules("rules/roskilde-2025").checked);
    return p;
}

std::vector<trappe::profile> examples() {
    std::vector<trappe::profile> out;
    for (auto& row : trappe::read_profiles(*roskilde(), "examples/profiles/worked-examples.jsonl"))
        if (row.values) out.push_back(std::move(*row.values));
    return out;
}

// Parse, check and plan the whole pack (7 files with the national one).
void BM_Compile(benchmark::State& state) {
    for (auto _ : state) {
        auto checked = trappe::check_rules("rules/roskilde-2025");
        auto plan = trappe::compile(checked.checked);
        benchmark::DoNotOptimize(plan);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Compile)->Unit(benchmark::kMillisecond);

// One profile evaluated repeatedly, plainly or traced.
template <typename Evaluate>
void evaluate_repeatedly(benchmark::State& state, const trappe::profile& in, Evaluate evaluate) {
    const auto plan = roskilde();
    for (auto _ : state) {
        auto result = evaluate(*plan, in);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations());
}

const auto plain = [](const trappe::plan& p, const trappe::profile& in) { return trappe::evaluate(p, in); };

// One profile evaluated repeatedly into one reused decision: the steady state of a
// host that evaluates case after case. Reports heap allocations per evaluation.
void evaluate_into_reused(benchmark::State& state, const trappe::profile& in) {
    const auto plan = roskilde();
    trappe::decision d;
    if (trappe::evaluate(*plan, in, d)) state.SkipWithError("input error");
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        auto error = trappe::evaluate(*plan, in, d);
        benchmark::DoNotOptimize(error);
        benchmark::DoNotOptimize(d);
    }
    state.counters["allocs_per_eval"] =
        static_cast<double>(allocations.load() - before) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
    state.SetItemsProcessed(state.iterations());
}

// Example A with the caseworker's judgement recorded: every item assessed.
void BM_EvaluateKnown(benchmark::State& state) {
    trappe::profile a = examples()[0];
    a.set(*roskilde()->input_index("stoettebehov_vurderet"), 3);
    evaluate_into_reused(state, a);
}
BENCHMARK(BM_EvaluateKnown);

// Example A as it is, with no judgement (the common case): the unassessed judgement
// is read only through known(), so plain values are exact.
void BM_EvaluateNoJudgement(benchmark::State& state) { evaluate_into_reused(state, examples()[0]); }
BENCHMARK(BM_EvaluateNoJudgement);

// The convenience overload, which returns a new decision each time.
void BM_EvaluateKnownNewDecision(benchmark::State& state) {
    trappe::profile a = examples()[0];
    a.set(*roskilde()->input_index("stoettebehov_vurderet"), 3);
    evaluate_repeatedly(state, a, plain);
}
BENCHMARK(BM_EvaluateKnownNewDecision);

// Example D: most items ikke vurderet and results undetermined: the set path.
void BM_EvaluateWithUnknowns(benchmark::State& state) { evaluate_repeatedly(state, examples()[3], plain); }
BENCHMARK(BM_EvaluateWithUnknowns);

// Example D as a batch, its assessed levels varied as in bench/service/make_rows.py:
// rows beyond the block budget, each split per set of inputs its outputs share. The
// per-row cost against BM_EvaluateWithUnknowns (the same row, singly) in one run.
void BM_BatchBeyondBudget(benchmark::State& state) {
    const auto plan = roskilde();
    const trappe::profile d = examples()[3];
    constexpr std::size_t rows = 100'000;
    const std::size_t inputs = plan->inputs().size();
    std::vector<std::vector<std::int64_t>> values(inputs, std::vector<std::int64_t>(rows));
    std::vector<std::vector<std::uint8_t>> valid(inputs, std::vector<std::uint8_t>(rows));
    std::vector<trappe::input_column> columns(inputs);
    for (std::size_t i = 0; i < inputs; ++i) {
        const trappe::type_info& t = plan->rules().type_of(plan->inputs()[i]);
        for (std::size_t r = 0; r < rows; ++r) {
            const bool level = t.kind == trappe::type_kind::level && d.assessed[i];
            values[i][r] = level ? t.lo + static_cast<std::int64_t>((r * 7 + i) % static_cast<std::size_t>(t.hi - t.lo + 1)) : d.values[i];
            valid[i][r] = d.assessed[i];
        }
        if (t.kind != trappe::type_kind::string) columns[i] = {trappe::element_type::i64, values[i].data(), valid[i].data()};
    }
    std::vector<std::vector<std::int64_t>> lo, hi;
    std::vector<trappe::output_column> outputs;
    for (std::size_t o = 0; o < trappe::batch_outputs(*plan).size(); ++o) {
        lo.emplace_back(rows);
        hi.emplace_back(rows);
    }
    for (std::size_t o = 0; o < lo.size(); ++o) outputs.push_back({trappe::element_type::i64, lo[o].data(), hi[o].data()});
    std::vector<trappe::row_status> status(rows);
    for (auto _ : state) {
        auto summary = trappe::evaluate_batch(*plan, rows, columns, outputs, status.data(), {1});
        benchmark::DoNotOptimize(summary);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
}
BENCHMARK(BM_BatchBeyondBudget)->Unit(benchmark::kMillisecond);

// Example A with every intermediate value kept (the entry point explanations use).
void BM_EvaluateTraced(benchmark::State& state) {
    evaluate_repeatedly(state, examples()[0],
                        [](const trappe::plan& p, const trappe::profile& in) { return trappe::evaluate_traced(p, in); });
}
BENCHMARK(BM_EvaluateTraced);

// A full explanation: trace, why-not and the draft justification (no counterfactual search).
void BM_ExplainWhyNot(benchmark::State& state) {
    const auto plan = roskilde();
    const trappe::profile a = examples()[0];
    for (auto _ : state) {
        auto result = trappe::explain(*plan, a);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExplainWhyNot)->Unit(benchmark::kMicrosecond);

// The counterfactual search (up to three changed inputs, both directions).
void BM_ExplainCounterfactual(benchmark::State& state) {
    const auto plan = roskilde();
    const trappe::profile a = examples()[0];
    trappe::explain_options options;
    options.counterfactual = true;
    for (auto _ : state) {
        auto result = trappe::explain(*plan, a, options);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExplainCounterfactual)->Unit(benchmark::kMillisecond);

// One million synthetic profiles. `known` has every VUM item and fact assessed;
// the caseworker's own judgement keeps the population's validity (recorded for
// about one row in seven), as in a real caseload.
const trappe::population& population(bool known) {
    static const trappe::population mixed = trappe::synthetic_population(1'000'000, 2025);
    static const trappe::population assessed = [] {
        trappe::population p = mixed;
        for (auto& c : p.columns)
            if (c.name != "stoettebehov_vurderet") std::fill(c.valid.begin(), c.valid.end(), 1);
        return p;
    }();
    return known ? assessed : mixed;
}

// One benchmark thread's share of the population's columns, and output columns
// as narrow as the values (int8 for levels, enums and booleans), as a host would
// choose them.
struct batch_io {
    std::size_t rows = 0;
    std::vector<trappe::input_column> inputs;
    std::vector<std::vector<std::int64_t>> storage;  // 8 bytes per value, used as each column's width
    std::vector<trappe::output_column> outputs;
    std::vector<trappe::row_status> status;

    batch_io(const trappe::plan& p, const trappe::population& pop, const benchmark::State& state)
        : rows(pop.rows / static_cast<std::size_t>(state.threads())), inputs(pop.columns_for(p)), status(rows) {
        const std::size_t first = rows * static_cast<std::size_t>(state.thread_index());
        for (auto& c : inputs) {
            if (c.data == nullptr) continue;
            const std::size_t width = c.type == trappe::element_type::i32 ? 4 : 1;
            c.data = static_cast<const char*>(c.data) + first * width;
            c.valid += first;
        }
        for (trappe::symbol_id s : trappe::batch_outputs(p)) {
            const trappe::type_info& t = p.rules().type_of(s);
            const bool small = t.kind != trappe::type_kind::date && t.lo >= -128 && t.hi <= 127 &&
                               (t.kind != trappe::type_kind::integer || t.bounded);
            storage.emplace_back(rows);
            outputs.push_back({small ? trappe::element_type::i8 : trappe::element_type::i64, storage.back().data(), nullptr});
        }
    }
};

// Each benchmark thread evaluates its share of the million rows on one core
// (ThreadRange(1, 2)); items per second is the throughput of all threads together.
void run_batch(benchmark::State& state, bool known) {
    const auto plan = roskilde();
    batch_io io(*plan, population(known), state);
    for (auto _ : state) {
        auto summary = trappe::evaluate_batch(*plan, io.rows, io.inputs, io.outputs, io.status.data(), {1});
        benchmark::DoNotOptimize(summary);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(io.rows));
}

void BM_BatchKnown(benchmark::State& state) { run_batch(state, true); }
BENCHMARK(BM_BatchKnown)->ThreadRange(1, 2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BatchMixed(benchmark::State& state) { run_batch(state, false); }
BENCHMARK(BM_BatchMixed)->ThreadRange(1, 2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The limit BM_BatchKnown is measured against: the same input bytes read and the
// same output bytes written, block by block as the evaluator does, with no
// evaluation (each output value is the xor of the row's input bytes).
// Compiled for AVX2 (where the CPU has it) like the batch worker, so the two are
// compared on the same instruction set.
#if defined(__x86_64__) && defined(__GNUC__)
#define TRAPPE_BENCH_AVX2 __attribute__((target("avx2")))
#else
#define TRAPPE_BENCH_AVX2
#endif

TRAPPE_BENCH_AVX2 void xor_into(std::uint8_t* __restrict acc, const std::uint8_t* __restrict bytes, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) acc[k] ^= bytes[k];
}
TRAPPE_BENCH_AVX2 void xor_into(std::uint8_t* __restrict acc, const std::int32_t* __restrict words, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) acc[k] ^= static_cast<std::uint8_t>(words[k] ^ (words[k] >> 8) ^ (words[k] >> 16));
}
template <class T> TRAPPE_BENCH_AVX2 void write_from(T* __restrict out, const std::uint8_t* __restrict acc, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) out[k] = static_cast<T>(acc[k]);
}

void BM_StreamBound(benchmark::State& state) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (!__builtin_cpu_supports("avx2")) state.SkipWithError("the stream bound is compiled for AVX2");
#endif
    const auto plan = roskilde();
    batch_io io(*plan, population(true), state);
    constexpr std::size_t block = 1024;
    std::vector<std::uint8_t> acc(block);
    for (auto _ : state) {
        for (std::size_t begin = 0; begin < io.rows; begin += block) {
            const std::size_t n = std::min(block, io.rows - begin);
            std::fill_n(acc.begin(), n, 0);
            for (const trappe::input_column& c : io.inputs) {
                if (c.data == nullptr) continue;
                if (c.type == trappe::element_type::i32) xor_into(acc.data(), static_cast<const std::int32_t*>(c.data) + begin, n);
                else xor_into(acc.data(), static_cast<const std::uint8_t*>(c.data) + begin, n);
                xor_into(acc.data(), c.valid + begin, n);
            }
            for (const trappe::output_column& o : io.outputs) {
                if (o.type == trappe::element_type::i8) write_from(static_cast<std::int8_t*>(o.lo) + begin, acc.data(), n);
                else write_from(static_cast<std::int64_t*>(o.lo) + begin, acc.data(), n);
            }
            write_from(reinterpret_cast<std::uint8_t*>(io.status.data()) + begin, acc.data(), n);
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(io.rows));
}
BENCHMARK(BM_StreamBound)->ThreadRange(1, 2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
