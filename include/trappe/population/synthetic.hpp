#pragma once
// A synthetic population of VUM profiles with the field names of the reference
// policy, for benchmarks, tests and notebooks. The distributions are documented
// in docs/population.md.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "trappe/eval/batch.hpp"

namespace trappe {

/// Profiles as columns: levels, enums and booleans as int8, dates as int32 day
/// numbers, with a validity byte per value (0 = ikke vurderet).
struct population {
    /// What a column holds, for writing it as text.
    enum class kind : std::uint8_t { date, level, boolean, support_need };
    struct column {
        std::string name;
        kind holds = kind::boolean;
        element_type type = element_type::i8;
        std::vector<std::int8_t> small;   // i8 columns
        std::vector<std::int32_t> dates;  // i32 columns
        std::vector<std::uint8_t> valid;
    };
    std::size_t rows = 0;
    std::vector<column> columns;
    std::vector<std::string> borger_id;

    /// Views on the columns in the order of `p.inputs()`; throws misuse_error
    /// naming an input the population does not have.
    [[nodiscard]] std::vector<input_column> columns_for(const plan& p) const;
    [[nodiscard]] const column* find(const std::string& name) const;
};

/// `n` profiles, deterministic per seed: row r depends only on (seed, first_row + r),
/// so a large population can be generated in pieces. `years_later` > 0 gives the
/// same citizens (ids, birth dates, facts drawn alike) reassessed that many years
/// later, their latent severity drifted towards recovery (docs/population.md).
[[nodiscard]] population synthetic_population(std::size_t n, std::uint64_t seed, std::size_t first_row = 0,
                                              unsigned years_later = 0);

/// Writes a population as CSV with a header (levels as numbers, enums by name,
/// booleans true/false, dates YYYY-MM-DD, empty cells for ikke vurderet).
void write_csv(const population& pop, std::ostream& out, bool header = true);

}  // namespace trappe
