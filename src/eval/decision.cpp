#include "trappe/eval/decision.hpp"

#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"

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

decision::decision(const plan& p, std::vector<value_range> values, std::vector<std::uint64_t> dependencies,
                   std::vector<offer_outcome> offers, std::vector<std::string> texts)
    : plan_(&p),
      values_(std::move(values)),
      dependencies_(std::move(dependencies)),
      offers_(std::move(offers)),
      texts_(std::move(texts)) {}

decision::decision(const plan& p, std::vector<std::int64_t> slots, std::vector<offer_outcome> offers,
                   std::vector<std::string> texts)
    : plan_(&p), points_(std::move(slots)), offers_(std::move(offers)), texts_(std::move(texts)) {}

const program& decision::rules() const noexcept { return plan_->rules(); }

std::optional<value_range> decision::value(std::string_view name) const {
    const auto s = rules().find(std::string(name));
    if (!s) return std::nullopt;
    return value(*s);
}

std::vector<symbol_id> decision::depends_on(symbol_id s) const {
    std::vector<symbol_id> out;
    if (dependencies_.empty() || value(s).determined()) return out;
    const std::size_t words = plan_->input_words();
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
