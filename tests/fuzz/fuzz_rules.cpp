// Rule text -> check -> compile -> evaluate the worked examples. Checking must give
// diagnostics, never a crash; a pack that checks must compile and evaluate.

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace trappe;
    const check_result checked = check_sources({{"fuzz.trappe", std::string(fuzz::as_text(data, size))}});
    (void)checked.report();
    if (!checked.ok()) return 0;
    const auto plan = compile(checked.checked);
    for (const profile_row& row : read_json_profiles(*plan, fuzz::worked_examples())) {
        if (!row.values) continue;
        const evaluation result = evaluate(*plan, *row.values);
        if (const auto* d = std::get_if<decision>(&result)) (void)to_json(*d);
    }
    return 0;
}
