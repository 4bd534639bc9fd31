#pragma once
// What the C ABI's opaque handles hold.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trappe/checker/program.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"
#include "trappe/trappe.h"

/// A checked program and its plan. Immutable after construction, so any number of
/// threads may use one at once. The overrides are kept as given, so that
/// trappe_rules_with_parameters can add to them.
struct trappe_rules {
    std::shared_ptr<const trappe::program> checked;
    std::shared_ptr<const trappe::plan> compiled;
    std::map<std::string, std::string> overrides;  // parameter name -> value as text
    std::vector<trappe::symbol_id> outputs;         // batch_outputs(*compiled)
};

/// Per row, the decision as JSON (none for a row with errors, or for columns), and
/// every problem by row and field.
struct trappe_results {
    std::size_t rows = 0;
    std::vector<std::optional<std::string>> decisions;  // empty for column results
    std::vector<trappe::input_error> errors;            // in row order
};

namespace trappe::capi {

/// The rules behind a handle; throws argument_error when it is null.
const trappe_rules& rules_of(const trappe_rules* rules);

}  // namespace trappe::capi
