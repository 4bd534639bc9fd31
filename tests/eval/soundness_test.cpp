// Property: for random Roskilde profiles with 1-3 items ikke vurderet, every
// completion of those items gives results inside the reported ranges, a result
// reported as determined equals every completion's result, and an undetermined
// result depends on nothing but the inputs it names. It covers every interpreter
// derived from the semantics table: single evaluation on plain and possible values
// (with dependencies), and the batch's block kernels on plain and possible values.
//
// Inputs read through known() (the caseworker's own judgement) are not completed:
// that they were not assessed is itself what the rules look at.

#include <map>

#include "eval/random_profiles.hpp"
#include "plan/plan_internals.hpp"

namespace trappe {
namespace {

using testing::random_roskilde_profile;

class SoundnessTest : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(SoundnessTest, EveryCompletionLiesInsideTheReportedRange) {
    const auto plan = testing::roskilde();
    const program& rules = plan->rules();
    const auto& assessed_slots = detail::internals(*plan).assessed_slots;
    std::vector<std::size_t> candidates;  // inputs to leave ikke vurderet and then complete
    for (std::size_t i = 0; i < plan->inputs().size(); ++i) {
        const symbol& s = rules.symbols[plan->inputs()[i]];
        const bool by_known = assessed_slots[i] != detail::no_slot;
        if (!s.required && !by_known && rules.types[s.type].kind != type_kind::string) candidates.push_back(i);
    }
    ASSERT_GE(candidates.size(), 15u);
    std::mt19937_64 rng(GetParam());
    constexpr int profiles = 400;
    int undetermined_seen = 0;
    for (int n = 0; n < profiles; ++n) {
        profile base = random_roskilde_profile(*plan, rng);
        std::shuffle(candidates.begin(), candidates.end(), rng);
        const auto unknown_count = static_cast<std::size_t>(std::uniform_int_distribution<int>(1, 3)(rng));
        const std::vector<std::size_t> unknown(candidates.begin(), candidates.begin() + static_cast<long>(unknown_count));
        for (std::size_t i : unknown) base.set_unassessed(i);
        const decision reported = testing::evaluate_ok(*plan, base);

        // Results of each completion, by symbol, keyed by the values of the inputs a result depends on.
        std::vector<std::map<std::vector<std::int64_t>, std::int64_t>> by_dependencies(rules.symbols.size());
        std::vector<std::int64_t> values(unknown.size());
        std::vector<std::int64_t> lo(unknown.size()), hi(unknown.size());
        for (std::size_t k = 0; k < unknown.size(); ++k) {
            const type_info& t = rules.type_of(plan->inputs()[unknown[k]]);
            lo[k] = values[k] = t.lo;
            hi[k] = t.hi;
        }
        std::vector<profile> batch_rows{base};  // the base, then every completion: the block interpreters
        while (true) {
            profile complete = base;
            for (std::size_t k = 0; k < unknown.size(); ++k) complete.set(unknown[k], values[k]);
            batch_rows.push_back(complete);
            const decision d = testing::evaluate_ok(*plan, complete);
            for (symbol_id s = 0; s < rules.symbols.size(); ++s) {
                const value_range range = reported.value(s);
                const value_range completed = d.value(s);  // undetermined only through a judgement left open
                ASSERT_TRUE(range.lo <= completed.lo && completed.hi <= range.hi)
                    << "seed " << GetParam() << " profile " << n << ": " << rules.symbols[s].name << " = "
                    << completed.lo << ".." << completed.hi << " outside " << range.lo << ".." << range.hi;
                if (!completed.determined()) continue;
                const std::int64_t v = completed.lo;
                std::vector<std::int64_t> key;
                for (symbol_id dep : reported.depends_on(s)) key.push_back(complete.values[*plan->input_index(rules.symbols[dep].name)]);
                const auto [it, inserted] = by_dependencies[s].emplace(key, v);
                ASSERT_EQ(it->second, v) << rules.symbols[s].name << " varies with an input it does not name";
            }
            for (std::size_t o = 0; o < rules.offers.size(); ++o) {
                const value_range range = reported.offers()[o].eligible;
                const std::int64_t v = d.offers()[o].eligible.lo;
                ASSERT_TRUE(range.lo <= v && v <= range.hi) << rules.offers[o].name;
            }
            std::size_t k = 0;  // next completion, odometer style
            while (k < values.size() && values[k] == hi[k]) values[k] = lo[k], ++k;
            if (k == values.size()) break;
            ++values[k];
        }
        if (!reported.determined()) ++undetermined_seen;

        // The same property for the block interpreters: the batch's range for the base
        // profile (possible values) holds the batch's value for every completion.
        const auto batch = testing::evaluate_as_batch(*plan, batch_rows);
        const std::vector<symbol_id> outputs = batch_outputs(*plan);
        ASSERT_TRUE(batch[0].has_value());
        for (std::size_t o = 0; o < outputs.size(); ++o) {
            ASSERT_EQ((*batch[0])[o], testing::hull(reported.value(outputs[o]))) << rules.symbols[outputs[o]].name;
            for (std::size_t r = 1; r < batch.size(); ++r) {
                ASSERT_TRUE(batch[r].has_value());
                const value_range range = (*batch[0])[o], completed = (*batch[r])[o];
                ASSERT_TRUE(range.lo <= completed.lo && completed.hi <= range.hi)
                    << "batch: seed " << GetParam() << " profile " << n << ": " << rules.symbols[outputs[o]].name;
            }
        }
    }
    EXPECT_GT(undetermined_seen, 0) << "the property was never exercised on an undetermined decision";
}

INSTANTIATE_TEST_SUITE_P(Seeds, SoundnessTest, ::testing::Values(1u, 2u, 3u, 20251124u));

}  // namespace
}  // namespace trappe
