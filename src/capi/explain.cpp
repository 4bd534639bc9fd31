// Explaining the decision for one profile given as JSON.

#include <stdexcept>

#include "capi/boundary.hpp"
#include "capi/handles.hpp"
#include "trappe/explain/explanation.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::capi {
namespace {

std::string render(const explanation& e, int format) {
    switch (format) {
        case TRAPPE_FORMAT_TEXT: return to_text(e);
        case TRAPPE_FORMAT_JSON: return to_json(e);
        case TRAPPE_FORMAT_HTML: return to_html(e);
    }
    throw std::logic_error("render: the format was not checked");
}

// The one row's problems, as the message of TRAPPE_ERROR_ROW (row and field, never a value).
[[noreturn]] void bad_row(const std::vector<input_error>& errors) {
    std::string message;
    for (const input_error& e : errors) message += (message.empty() ? "" : "; ") + e.describe();
    throw status_error{TRAPPE_ERROR_ROW, message};
}

}  // namespace
}  // namespace trappe::capi

using namespace trappe::capi;

extern "C" trappe_status trappe_explain_json(const trappe_rules* rules, const char* json, size_t length,
                                             trappe_format format, unsigned flags, char** out) {
    return guarded(__func__, [&] {
        const trappe_rules& r = rules_of(rules);
        require(json, "json");
        require(out, "out");
        *out = nullptr;
        const int kind = raw_enum(format);
        if (kind < TRAPPE_FORMAT_TEXT || kind > TRAPPE_FORMAT_HTML)
            throw argument_error{"format must be TRAPPE_FORMAT_TEXT, _JSON or _HTML"};
        if (flags & ~(TRAPPE_EXPLAIN_WHY_NOT | TRAPPE_EXPLAIN_COUNTERFACTUAL)) throw argument_error{"unknown flags"};
        std::vector<trappe::profile_row> rows = trappe::read_json_profiles(*r.compiled, std::string_view(json, length));
        if (rows.size() != 1)
            throw argument_error{"an explanation is of one profile; the JSON holds " + std::to_string(rows.size())};
        if (!rows[0].values) bad_row(rows[0].errors);
        trappe::explain_options options;
        options.why_not = (flags & TRAPPE_EXPLAIN_WHY_NOT) != 0;
        options.counterfactual = (flags & TRAPPE_EXPLAIN_COUNTERFACTUAL) != 0;
        auto result = trappe::explain(*r.compiled, *rows[0].values, options);
        if (auto* error = std::get_if<trappe::input_error>(&result)) {
            error->row = rows[0].row;
            bad_row({*error});
        }
        *out = copy_out(render(std::get<trappe::explanation>(result), kind));
    });
}
