#pragma once
// Trappe: the one-include facade.
//
//     #include <trappe/trappe.hpp>
//
//     auto checked = trappe::check_rules("rules/roskilde-2025");
//     if (!checked.ok()) { std::cerr << checked.report(); return 1; }
//     auto plan = trappe::compile(checked.checked);
//     for (auto& row : trappe::read_profiles(*plan, "profiles.jsonl"))
//         if (row.values) {
//             auto result = trappe::evaluate(*plan, *row.values);
//             if (auto* d = std::get_if<trappe::decision>(&result)) std::cout << trappe::to_text(*d);
//         }

#include "trappe/analysis/diff.hpp"
#include "trappe/analysis/follow.hpp"
#include "trappe/analysis/properties.hpp"
#include "trappe/analysis/regions.hpp"
#include "trappe/analysis/verify.hpp"
#include "trappe/checker/checker.hpp"
#include "trappe/common/date.hpp"
#include "trappe/common/diagnostic.hpp"
#include "trappe/common/error.hpp"
#include "trappe/eval/batch.hpp"
#include "trappe/eval/decision.hpp"
#include "trappe/eval/evaluator.hpp"
#include "trappe/eval/format.hpp"
#include "trappe/eval/input_check.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/eval/profile_reader.hpp"
#include "trappe/eval/profile_stream.hpp"
#include "trappe/eval/test_runner.hpp"
#include "trappe/explain/explanation.hpp"
#include "trappe/parser/parser.hpp"
#include "trappe/plan/plan.hpp"
#include "trappe/version.hpp"
