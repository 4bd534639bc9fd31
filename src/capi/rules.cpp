// Loading rule packs, overriding parameters, and what a pack declares.

#include <cstring>

#include "capi/boundary.hpp"
#include "capi/handles.hpp"
#include "eval/parameter_text.hpp"
#include "trappe/checker/checker.hpp"
#include "trappe/eval/batch.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::capi {
namespace {

// Compiles checked rules with `overrides` (values as text) into a new handle.
trappe_rules* make_rules(std::shared_ptr<const program> checked, std::map<std::string, std::string> overrides) {
    // A name the rules lack or a text no value of the type: parameter_error, an argument error.
    const parameter_overrides values = detail::read_parameter_overrides(*checked, overrides);
    auto handle = std::make_unique<trappe_rules>();
    handle->compiled = compile(checked, values);  // parameter_error (out of range) is an argument error
    handle->checked = std::move(checked);
    handle->overrides = std::move(overrides);
    handle->outputs = batch_outputs(*handle->compiled);
    return handle.release();
}

trappe_rules* from_check(const check_result& result) {
    if (!result.ok()) throw status_error{TRAPPE_ERROR_RULES, result.report()};
    return make_rules(result.checked, {});
}

const char* symbol_name(const trappe_rules* rules, std::span<const symbol_id> symbols, std::size_t index) noexcept {
    if (rules == nullptr || index >= symbols.size()) return nullptr;
    return rules->checked->symbols[symbols[index]].name.c_str();
}

}  // namespace

const trappe_rules& rules_of(const trappe_rules* rules) {
    require(rules, "rules");
    return *rules;
}

}  // namespace trappe::capi

using namespace trappe::capi;

extern "C" {

trappe_status trappe_rules_load(const char* path, trappe_rules** out) {
    return guarded(__func__, [&] {
        require(path, "path");
        require(out, "out");
        *out = nullptr;
        *out = from_check(trappe::check_rules(path));
    });
}

trappe_status trappe_rules_load_text(const char* name, const char* text, size_t length, trappe_rules** out) {
    return guarded(__func__, [&] {
        require(name, "name");
        require(text, "text");
        require(out, "out");
        *out = nullptr;
        *out = from_check(trappe::check_sources({{name, std::string(text, length)}}));
    });
}

trappe_status trappe_rules_with_parameters(const trappe_rules* rules, const char* const* names,
                                           const char* const* values, size_t count, trappe_rules** out) {
    return guarded(__func__, [&] {
        const trappe_rules& base = rules_of(rules);
        require(out, "out");
        *out = nullptr;
        if (count > 0) {
            require(names, "names");
            require(values, "values");
        }
        std::map<std::string, std::string> overrides = base.overrides;
        for (size_t i = 0; i < count; ++i) {
            require(names[i], "a parameter name");
            require(values[i], "a parameter value");
            overrides[names[i]] = values[i];
        }
        *out = make_rules(base.checked, std::move(overrides));
    });
}

void trappe_rules_free(trappe_rules* rules) { delete rules; }

const char* trappe_rules_pack(const trappe_rules* rules) {
    return rules ? rules->checked->pack_name.c_str() : nullptr;
}

const char* trappe_rules_hash(const trappe_rules* rules) {
    return rules ? rules->checked->content_hash.c_str() : nullptr;
}

size_t trappe_rules_input_count(const trappe_rules* rules) { return rules ? rules->compiled->inputs().size() : 0; }

const char* trappe_rules_input_name(const trappe_rules* rules, size_t index) {
    return rules ? symbol_name(rules, rules->compiled->inputs(), index) : nullptr;
}

size_t trappe_rules_output_count(const trappe_rules* rules) { return rules ? rules->outputs.size() : 0; }

const char* trappe_rules_output_name(const trappe_rules* rules, size_t index) {
    return rules ? symbol_name(rules, rules->outputs, index) : nullptr;
}

}
