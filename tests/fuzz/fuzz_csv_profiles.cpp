// The CSV profile reader on any bytes: a header that names no field is refused
// with an exception (documented), otherwise every row is values or errors; and
// the columnar caseload run (trappe batch) gives every row what the exact reader
// and evaluate_batch give it.

#include <stdexcept>

#include "caseload_agreement.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace trappe;
    const plan& p = fuzz::roskilde();
    const std::string_view text = fuzz::as_text(data, size);
    std::vector<profile_row> rows;
    try {
        rows = read_csv_profiles(p, text);
    } catch (const std::runtime_error&) {
        return 0;  // not a header line: refused as a whole
    }
    for (const profile_row& row : rows) {
        if (row.values.has_value() == !row.errors.empty()) fuzz::broken("a row is neither values nor errors");
        if (row.values) (void)evaluate(p, *row.values);
    }
    const bool json_out = size % 2 == 1;
    if (testing::caseload_output(p, text, true, json_out, 1 + size % 2, 1 + size % 7, size % 300) !=
        testing::expected_caseload(p, text, true, json_out))
        fuzz::broken("the caseload run and the exact reader disagree");
    return 0;
}
