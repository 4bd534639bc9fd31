#include <thread>

#include "test_support.hpp"

namespace trappe {
namespace {

// One immutable plan shared by many threads gives the same decisions as one thread.
TEST(ConcurrencyTest, ThreadsSharingOnePlanAgreeWithSequentialEvaluation) {
    const auto plan = testing::roskilde();
    const std::vector<profile> examples = testing::worked_examples(*plan);
    std::vector<std::string> expected;
    for (const profile& p : examples) expected.push_back(to_json(testing::evaluate_ok(*plan, p)));

    constexpr int threads = 8;
    constexpr int rounds = 300;
    std::vector<int> mismatches(threads, 0);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            for (int r = 0; r < rounds; ++r)
                for (std::size_t i = 0; i < examples.size(); ++i) {
                    const evaluation result = evaluate(*plan, examples[(i + static_cast<std::size_t>(t)) % examples.size()]);
                    const auto* d = std::get_if<decision>(&result);
                    if (d == nullptr || to_json(*d) != expected[(i + static_cast<std::size_t>(t)) % examples.size()])
                        ++mismatches[static_cast<std::size_t>(t)];
                }
        });
    for (std::thread& w : workers) w.join();
    for (int t = 0; t < threads; ++t) EXPECT_EQ(mismatches[static_cast<std::size_t>(t)], 0) << "thread " << t;
}

}  // namespace
}  // namespace trappe
