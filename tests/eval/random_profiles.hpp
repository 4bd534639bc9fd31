#pragma once
// Random Roskilde profiles for the property tests against enumeration.

#include <random>

#include "test_support.hpp"

namespace trappe::testing {

/// A random valid Roskilde profile: dates in the rules' period, the caseworker's
/// own judgement (stoettebehov_vurderet) usually left open, every other item
/// assessed. `near_the_top`: half the levels drawn from 2..4, for more citizens
/// on the higher steps.
inline profile random_roskilde_profile(const plan& p, std::mt19937_64& rng, bool near_the_top = false) {
    const program& rules = p.rules();
    profile out(p);
    const auto uniform = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const symbol& s = rules.symbols[p.inputs()[i]];
        const type_info& t = rules.types[s.type];
        if (s.name == "foedselsdato") out.set(i, uniform(*parse_date("1935-01-01"), *parse_date("2009-12-31")));
        else if (s.name == "vurderingsdato") out.set(i, uniform(*parse_date("2025-06-01"), *parse_date("2026-12-31")));
        else if (s.name == "stoettebehov_vurderet" && uniform(0, 9) < 8) out.set_unassessed(i);  // usually no judgement
        else if (t.kind == type_kind::string) out.set_text(i, "x");
        else if (near_the_top && t.kind == type_kind::level && uniform(0, 1) == 0) out.set(i, uniform(2, 4));
        else out.set(i, uniform(t.lo, t.hi));
    }
    return out;
}

}  // namespace trappe::testing
