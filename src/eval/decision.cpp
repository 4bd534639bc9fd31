#include "trappe/eval/decision.hpp"

#include "trappe/eval/profile.hpp"
#include "plan/plan_internals.hpp"

namespace trappe {

profile::profile(const plan& p)
    : values(p.inputs().size()), assessed(p.inputs().size()), texts(p.inputs().size()) {}

bool profile::fully_assessed() const noexcept {
    for (std::uint8_t a : assessed)
        if (!a) return false;
    return true;
}

std::string input_error::describe() const {
    std::string out;
    if (row != 0) out += "row " + std::to_string(row);
    if (!field.empty()) out += (out.empty() ? "field '" : ", field '") + field + "'";
    return out + (out.empty() ? "" : ": ") + message;
}

const program& decision::rules() const noexcept { return plan_->rules(); }

value_range decision::value(symbol_id s) const noexcept {
    if (!values_.empty()) return values_[s];
    const detail::plan_internals& code = detail::internals(*plan_);
    if (const std::uint32_t i = code.input_of_symbol[s]; i != detail::no_slot && (unassessed_[i / 64] >> (i % 64) & 1))
        return code.static_ranges[s];  // any valid value
    return {points_[s], points_[s]};
}

std::optional<value_range> decision::value(std::string_view name) const {
    const auto s = rules().find(std::string(name));
    if (!s || !rules().is_reached(*s)) return std::nullopt;  // not computed for this pack
    return value(*s);
}

std::vector<symbol_id> decision::depends_on(symbol_id s) const {
    std::vector<symbol_id> out;
    if (value(s).determined()) return out;
    if (values_.empty()) return {s};  // an unassessed input, on plain values: itself
    const detail::plan_internals& code = detail::internals(*plan_);
    const std::size_t words = code.input_words(*plan_);
    const auto inputs = plan_->inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i)
        if (dependencies_[s * words + i / 64] >> (i % 64) & 1) out.push_back(inputs[i]);
    return out;
}

const std::string& decision::text(symbol_id input) const {
    static const std::string none;
    const auto index = plan_->input_index(rules().symbols[input].name);
    const auto texts = plan_->text_inputs();
    for (std::size_t t = 0; index && t < texts.size(); ++t)
        if (texts[t] == *index) return texts_[t];
    return none;
}

bool decision::determined() const {
    for (symbol_id s : rules().outputs)
        if (!value(s).determined()) return false;
    return true;
}

}  // namespace trappe
