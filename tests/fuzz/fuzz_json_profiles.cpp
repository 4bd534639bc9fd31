// The JSON profile reader (one object, an array or JSON lines) on any bytes: every
// row is values or errors, and no error message repeats a value from the input.
// For JSON lines, the columnar caseload run (trappe batch) gives every row what
// the exact reader and evaluate_batch give it.

#include "caseload_agreement.hpp"
#include "eval/json_document.hpp"
#include "fuzz_support.hpp"

namespace {

// Whether read_json_profiles reads `text` as JSON lines, as trappe batch does
// when the file's first line is not the start of one document: not an array,
// and not one object written over several lines.
bool read_as_lines(std::string_view text) {
    const trappe::detail::json_document whole = trappe::detail::parse_json_document(text);
    if (whole.error) return true;
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    return !whole.value.is_array() && text.substr(first, last - first + 1).find('\n') == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace trappe;
    const plan& p = fuzz::roskilde();
    const std::string_view text = fuzz::as_text(data, size);
    for (const profile_row& row : read_json_profiles(p, text)) {
        if (row.values.has_value() == !row.errors.empty()) fuzz::broken("a row is neither values nor errors");
        for (const input_error& e : row.errors) (void)e.describe();
        if (row.values) (void)evaluate(p, *row.values);
    }
    const bool json_out = size % 2 == 0;
    if (read_as_lines(text) && testing::caseload_output(p, text, false, json_out, 1 + size % 2, 1 + size % 5, size % 200) !=
                                   testing::expected_caseload(p, text, false, json_out))
        fuzz::broken("the caseload run and the exact reader disagree");
    return 0;
}
