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
void BM_CompileRoskilde(benchmark::State& state) {
    for (auto _ : state) {
        auto checked = trappe::check_rules("rules/roskilde-2025");
        auto plan = trappe::compile(checked.checked);
        benchmark::DoNotOptimize(plan);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompileRoskilde)->Unit(benchmark::kMillisecond);

// A fully assessed profile: the fast path on plain values (example A).
void BM_EvaluateKnown(benchmark::State& state) {
    const auto plan = roskilde();
    const trappe::profile a = examples()[0];
    for (auto _ : state) {
        auto result = trappe::evaluate(*plan, a);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateKnown);

// Example D: most items ikke vurderet, evaluated on intervals with dependency sets.
void BM_EvaluateWithUnknowns(benchmark::State& state) {
    const auto plan = roskilde();
    const trappe::profile d = examples()[3];
    for (auto _ : state) {
        auto result = trappe::evaluate(*plan, d);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateWithUnknowns);

// The same profile with every intermediate value kept (the entry point explanations use).
void BM_EvaluateTraced(benchmark::State& state) {
    const auto plan = roskilde();
    const trappe::profile a = examples()[0];
    for (auto _ : state) {
        auto result = trappe::evaluate_traced(*plan, a);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations());
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

}  // namespace

BENCHMARK_MAIN();
