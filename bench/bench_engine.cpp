// Compile and single-evaluation benchmarks on the Roskilde pack.
// Run from the source tree: build/bench/trappe_bench

#include <benchmark/benchmark.h>

#include "trappe/trappe.hpp"

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

// Example A with the caseworker's judgement recorded: every item assessed.
void BM_EvaluateKnown(benchmark::State& state) {
    trappe::profile a = examples()[0];
    a.set(*roskilde()->input_index("stoettebehov_vurderet"), 3);
    evaluate_repeatedly(state, a, plain);
}
BENCHMARK(BM_EvaluateKnown);

// Example A as it is, with no judgement (the common case): plain values, poison-checked.
void BM_EvaluateNoJudgement(benchmark::State& state) { evaluate_repeatedly(state, examples()[0], plain); }
BENCHMARK(BM_EvaluateNoJudgement);

// Example D: most items ikke vurderet and results undetermined: the set path.
void BM_EvaluateWithUnknowns(benchmark::State& state) { evaluate_repeatedly(state, examples()[3], plain); }
BENCHMARK(BM_EvaluateWithUnknowns);

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

// One million synthetic profiles; `known` has every item assessed.
const trappe::population& population(bool known) {
    static const trappe::population mixed = trappe::synthetic_population(1'000'000, 2025);
    static const trappe::population assessed = [] {
        trappe::population p = mixed;
        for (auto& c : p.columns) std::fill(c.valid.begin(), c.valid.end(), 1);
        return p;
    }();
    return known ? assessed : mixed;
}

// Each benchmark thread evaluates its share of the million rows on one core
// (ThreadRange(1, 2)); items per second is the throughput of all threads together.
void run_batch(benchmark::State& state, bool known) {
    const auto plan = roskilde();
    const trappe::population& pop = population(known);
    const auto all_inputs = pop.columns_for(*plan);
    const auto outputs = trappe::batch_outputs(*plan);
    const std::size_t share = pop.rows / static_cast<std::size_t>(state.threads());
    const std::size_t first = share * static_cast<std::size_t>(state.thread_index());
    std::vector<trappe::input_column> inputs = all_inputs;
    for (auto& c : inputs) {
        if (c.data == nullptr) continue;
        const std::size_t width = c.type == trappe::element_type::i32 ? 4 : 1;
        c.data = static_cast<const char*>(c.data) + first * width;
        c.valid += first;
    }
    std::vector<std::vector<std::int64_t>> lo(outputs.size(), std::vector<std::int64_t>(share));
    std::vector<trappe::output_column> columns;
    for (auto& c : lo) columns.push_back({trappe::element_type::i64, c.data(), nullptr});
    std::vector<trappe::row_status> status(share);
    for (auto _ : state) {
        auto summary = trappe::evaluate_batch(*plan, share, inputs, columns, status.data(), {1});
        benchmark::DoNotOptimize(summary);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(share));
}

void BM_BatchKnown(benchmark::State& state) { run_batch(state, true); }
BENCHMARK(BM_BatchKnown)->ThreadRange(1, 2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BatchMixed(benchmark::State& state) { run_batch(state, false); }
BENCHMARK(BM_BatchMixed)->ThreadRange(1, 2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
