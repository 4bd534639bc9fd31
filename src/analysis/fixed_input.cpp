#include "analysis/fixed_input.hpp"

#include <climits>

namespace trappe::analysis {
namespace {

// known(input) becomes `true`: the fixed value is an assessed one. Walked with a
// stack, as rule bodies may nest deeply.
void assess(checked_expr& root, symbol_id input) {
    std::vector<checked_expr*> pending = {&root};
    while (!pending.empty()) {
        checked_expr* e = pending.back();
        pending.pop_back();
        if (e->kind == op::known && e->symbol == input) {
            e->kind = op::constant;
            e->value = 1;
            e->type = builtin_type::boolean;
            continue;
        }
        for (checked_expr& a : e->args) pending.push_back(&a);
    }
}

}  // namespace

std::shared_ptr<const program> with_input_fixed(const program& rules, symbol_id input, std::int64_t value) {
    auto out = std::make_shared<program>(rules);
    symbol& s = out->symbols.at(input);
    s.kind = symbol_kind::parameter;
    s.required = false;
    s.is_table = false;
    s.entries = {table_entry{INT32_MIN, INT32_MAX, value, s.where}};
    for (symbol& other : out->symbols)
        if (other.kind == symbol_kind::definition) assess(other.body, input);
    for (offer& o : out->offers) {
        assess(o.condition, input);
        assess(o.step, input);
        assess(o.review_months, input);
    }
    for (property& p : out->properties) {
        assess(p.premise, input);
        assess(p.conclusion, input);
    }
    return out;
}

}  // namespace trappe::analysis
