// Mutated profiles (JSON lines) through evaluate, trace, why-not, counterfactuals
// and every renderer. The JSON an explanation renders must be valid UTF-8 JSON.

#include <boost/json.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace trappe;
    const plan& p = fuzz::roskilde();
    explain_options options;
    options.why_not = true;
    options.counterfactual = true;
    options.max_changes = 2;  // keeps each input fast; the search itself is the same
    for (const profile_row& row : read_json_profiles(p, fuzz::as_text(data, size))) {
        if (!row.values) continue;
        auto result = explain(p, *row.values, options);
        const auto* e = std::get_if<explanation>(&result);
        if (e == nullptr) continue;
        (void)to_text(*e);
        (void)to_html(*e);
        boost::json::error_code ec;
        (void)boost::json::parse(to_json(*e), ec);
        if (ec) fuzz::broken("to_json(explanation) wrote what does not parse as JSON");
        (void)boost::json::parse(to_json(e->evaluated.result), ec);
        if (ec) fuzz::broken("to_json(decision) wrote what does not parse as JSON");
    }
    return 0;
}
