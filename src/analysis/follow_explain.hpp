#pragma once
// The first trace entry that explains a citizen's move (private to src/analysis/follow*).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "follow_previous.hpp"

namespace trappe::detail {

/// For each moved citizen in `current_lines` (its current profile line; CSV after
/// `csv_header`, else JSON), evaluates the profile with a trace and records in
/// r.first_entry the first entry, in evaluation order, among the values the step
/// is computed from, whose value differs from the previous decision's (read again
/// from the previous file at offsets[c]); the step's own entry when no recorded
/// value before it changed. Runs on options.threads threads.
void explain_moves(const plan& p, const follow_options& options, decisions_reader& previous,
                   const std::vector<std::uint64_t>& offsets, std::size_t previous_citizens,
                   const std::map<std::size_t, std::string>& current_lines, const std::string& csv_header,
                   follow_result& r);

}  // namespace trappe::detail
