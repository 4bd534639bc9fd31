// The CSV profile reader on any bytes: a header that names no field is refused
// with an exception (documented), otherwise every row is values or errors.

#include <stdexcept>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace trappe;
    const plan& p = fuzz::roskilde();
    std::vector<profile_row> rows;
    try {
        rows = read_csv_profiles(p, fuzz::as_text(data, size));
    } catch (const std::runtime_error&) {
        return 0;  // not a header line: refused as a whole
    }
    for (const profile_row& row : rows) {
        if (row.values.has_value() == !row.errors.empty()) fuzz::broken("a row is neither values nor errors");
        if (row.values) (void)evaluate(p, *row.values);
    }
    return 0;
}
