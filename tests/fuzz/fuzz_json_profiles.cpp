// The JSON profile reader (one object, an array or JSON lines) on any bytes: every
// row is values or errors, and no error message repeats a value from the input.

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace trappe;
    const plan& p = fuzz::roskilde();
    for (const profile_row& row : read_json_profiles(p, fuzz::as_text(data, size))) {
        if (row.values.has_value() == !row.errors.empty()) fuzz::broken("a row is neither values nor errors");
        for (const input_error& e : row.errors) (void)e.describe();
        if (row.values) (void)evaluate(p, *row.values);
    }
    return 0;
}
