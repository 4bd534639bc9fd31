// Evaluating caller-provided typed columns through the columnar batch API.

#include <vector>

#include "capi/boundary.hpp"
#include "capi/handles.hpp"
#include "trappe/eval/batch.hpp"

namespace trappe::capi {
namespace {

element_type element_of(const trappe_element_type& t, const char* column) {
    // The value comes from C: any int may arrive, not only the enum's.
    switch (raw_enum(t)) {
        case TRAPPE_I8: return element_type::i8;
        case TRAPPE_I16: return element_type::i16;
        case TRAPPE_I32: return element_type::i32;
        case TRAPPE_I64: return element_type::i64;
        default: throw argument_error{std::string("column '") + column + "' has no valid element type"};
    }
}

const char* name_of(const program& rules, symbol_id s) { return rules.symbols[s].name.c_str(); }

}  // namespace
}  // namespace trappe::capi

using namespace trappe::capi;

extern "C" trappe_status trappe_evaluate_columns(const trappe_rules* rules, size_t rows,
                                                 const trappe_input_column* inputs, size_t input_count,
                                                 const trappe_output_column* outputs, size_t output_count,
                                                 uint8_t* status, unsigned threads, trappe_results** out) {
    return guarded(__func__, [&] {
        const trappe_rules& r = rules_of(rules);
        if (out) *out = nullptr;
        const trappe::program& program = *r.checked;
        const auto plan_inputs = r.compiled->inputs();
        if (input_count != plan_inputs.size() || output_count != r.outputs.size())
            throw argument_error{"the rules need " + std::to_string(plan_inputs.size()) + " input and " +
                                 std::to_string(r.outputs.size()) + " output columns, not " +
                                 std::to_string(input_count) + " and " + std::to_string(output_count)};
        if (rows > 0) {
            require(status, "status");
            if (input_count > 0) require(inputs, "inputs");
            if (output_count > 0) require(outputs, "outputs");
        }
        std::vector<trappe::input_column> in(input_count);
        for (std::size_t i = 0; i < input_count; ++i)
            in[i] = {element_of(inputs[i].type, name_of(program, plan_inputs[i])), inputs[i].data, inputs[i].valid};
        std::vector<trappe::output_column> columns(output_count);
        for (std::size_t i = 0; i < output_count; ++i) {
            const char* name = name_of(program, r.outputs[i]);
            if (rows > 0) require(outputs[i].lo, name);
            columns[i] = {element_of(outputs[i].type, name), outputs[i].lo, outputs[i].hi};
        }
        trappe::batch_summary summary =
            trappe::evaluate_batch(*r.compiled, rows, in, columns, reinterpret_cast<trappe::row_status*>(status),
                                   trappe::batch_options{threads});
        if (out) {
            auto results = std::make_unique<trappe_results>();
            results->rows = summary.rows;
            results->errors = std::move(summary.problems);
            *out = results.release();
        }
    });
}
