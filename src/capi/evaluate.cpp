// Evaluating profiles given as JSON, and reading the results.

#include "capi/boundary.hpp"
#include "capi/handles.hpp"
#include "eval/row_error_json.hpp"
#include "trappe/eval/evaluator.hpp"
#include "trappe/eval/format.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::capi {
namespace {

const trappe_results& results_of(const trappe_results* results) {
    require(results, "results");
    return *results;
}

}  // namespace
}  // namespace trappe::capi

using namespace trappe::capi;

extern "C" {

trappe_status trappe_evaluate_json(const trappe_rules* rules, const char* json, size_t length, trappe_results** out) {
    return guarded(__func__, [&] {
        const trappe_rules& r = rules_of(rules);
        require(json, "json");
        require(out, "out");
        *out = nullptr;
        auto results = std::make_unique<trappe_results>();
        trappe::decision d;  // reused: a warm loop allocates only for the JSON
        for (trappe::profile_row& row : trappe::read_json_profiles(*r.compiled, std::string_view(json, length))) {
            ++results->rows;
            if (row.values) {
                if (auto error = trappe::evaluate(*r.compiled, *row.values, d)) {
                    error->row = row.row;
                    row.errors.push_back(std::move(*error));
                } else {
                    results->decisions.emplace_back(trappe::to_json(d, row.row));
                    continue;
                }
            }
            results->decisions.emplace_back(std::nullopt);
            for (trappe::input_error& e : row.errors) results->errors.push_back(std::move(e));
        }
        *out = results.release();
    });
}

size_t trappe_results_rows(const trappe_results* results) { return results ? results->rows : 0; }

const char* trappe_results_decision(const trappe_results* results, size_t index) {
    if (results == nullptr || index >= results->decisions.size() || !results->decisions[index]) return nullptr;
    return results->decisions[index]->c_str();
}

size_t trappe_results_error_count(const trappe_results* results) { return results ? results->errors.size() : 0; }

trappe_status trappe_results_error(const trappe_results* results, size_t index, size_t* row, const char** field,
                                   const char** message) {
    return guarded(__func__, [&] {
        const trappe_results& r = results_of(results);
        if (index >= r.errors.size())
            throw argument_error{"no error " + std::to_string(index) + " (there are " + std::to_string(r.errors.size()) + ")"};
        const trappe::input_error& e = r.errors[index];
        if (row) *row = e.row;
        if (field) *field = e.field.c_str();
        if (message) *message = e.message.c_str();
    });
}

trappe_status trappe_results_json_lines(const trappe_results* results, char** out) {
    return guarded(__func__, [&] {
        const trappe_results& r = results_of(results);
        require(out, "out");
        *out = nullptr;
        std::string lines;
        auto error = r.errors.begin();
        for (std::size_t i = 0; i < r.rows; ++i) {
            if (i < r.decisions.size() && r.decisions[i]) {
                lines += *r.decisions[i];
                lines += '\n';
                continue;
            }
            // The errors of row i + 1 are the next run of errors (they are in row order);
            // a row of columns without a decision line has none when it was evaluated.
            const auto first = error;
            while (error != r.errors.end() && error->row == i + 1) ++error;
            if (first != error) lines += trappe::detail::row_error_json(i + 1, {first, error}) + '\n';
        }
        *out = copy_out(lines);
    });
}

void trappe_results_free(trappe_results* results) { delete results; }

}
