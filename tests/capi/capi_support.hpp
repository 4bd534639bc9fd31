#pragma once
// Owning wrappers for the C ABI's handles and strings, for the tests.

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "trappe/trappe.h"

namespace trappe::testing {

struct rules_deleter {
    void operator()(trappe_rules* r) const { trappe_rules_free(r); }
};
struct results_deleter {
    void operator()(trappe_results* r) const { trappe_results_free(r); }
};
using c_rules = std::unique_ptr<trappe_rules, rules_deleter>;
using c_results = std::unique_ptr<trappe_results, results_deleter>;

/// An enum value no enumerator names, as a C caller may pass one.
template <class Enum>
Enum invalid_enum(int value) {
    static_assert(sizeof(Enum) == sizeof(int));
    Enum e;
    std::memcpy(&e, &value, sizeof value);
    return e;
}

/// A string returned by the ABI, copied and freed.
inline std::string take(char* s) {
    std::string out = s ? s : "";
    trappe_string_free(s);
    return out;
}

inline c_rules load_c(const char* path) {
    trappe_rules* r = nullptr;
    EXPECT_EQ(trappe_rules_load(path, &r), TRAPPE_OK) << trappe_last_error();
    return c_rules(r);
}

inline c_results evaluate_c(const trappe_rules* rules, const std::string& json) {
    trappe_results* r = nullptr;
    EXPECT_EQ(trappe_evaluate_json(rules, json.data(), json.size(), &r), TRAPPE_OK) << trappe_last_error();
    return c_results(r);
}

}  // namespace trappe::testing
