// Lowers checked expressions to flat instructions. `first` and `match` become
// chains of selects, so the evaluator is one loop without branches of its own.

#include <algorithm>
#include <stdexcept>

#include "trappe/plan/plan.hpp"

namespace trappe {

class plan_builder {
public:
    plan_builder(std::shared_ptr<const program> checked, const parameter_overrides& overrides)
        : prog_(*checked) {
        plan_.program_ = std::move(checked);
        plan_.overrides_ = overrides;
        plan_.slot_count_ = prog_.symbols.size();
    }

    std::shared_ptr<const plan> build() {
        for (symbol_id s = 0; s < prog_.symbols.size(); ++s) {
            if (prog_.symbols[s].kind != symbol_kind::input) continue;
            if (prog_.types[prog_.symbols[s].type].kind == type_kind::string)
                plan_.text_inputs_.push_back(plan_.inputs_.size());
            plan_.inputs_.push_back(s);
        }
        validate_overrides();
        if (prog_.as_of) {
            plan_.as_of_slot_ = new_slot();
            plan_.as_of_input_ = plan_.input_index(prog_.symbols[*prog_.as_of].name);
        }
        symbol_tables_.assign(prog_.symbols.size(), 0);
        for (symbol_id s = 0; s < prog_.symbols.size(); ++s)
            if (prog_.symbols[s].kind == symbol_kind::parameter) plan_parameter(s);
        for (symbol_id s : prog_.order) define(s, lower(prog_.symbols[s].body));
        for (const offer& o : prog_.offers) {
            planned_offer p;
            p.condition = lower(o.condition);
            p.step = lower(o.step);
            p.has_review = o.has_review;
            if (o.has_review) p.review = lower(o.review_months);
            plan_.offers_.push_back(p);
        }
        plan_.constant_image_.assign(plan_.slot_count_, 0);
        for (const instruction& in : plan_.code_) {
            if (in.op == opcode::constant) plan_.constant_image_[in.dst] = in.imm;
            else plan_.runtime_code_.push_back(in);
        }
        return std::make_shared<const plan>(std::move(plan_));
    }

private:
    void validate_overrides() {
        for (const auto& [name, value] : plan_.overrides_) {
            const auto s = prog_.find(name);
            if (!s || prog_.symbols[*s].kind != symbol_kind::parameter)
                throw parameter_error("'" + name + "' is not a parameter of the rules");
            const symbol& sym = prog_.symbols[*s];
            if (sym.is_table) throw parameter_error("'" + name + "' is a table; tables cannot be overridden by one value");
            const type_info& t = prog_.types[sym.type];
            if ((t.kind == type_kind::level || t.kind == type_kind::enumeration || t.kind == type_kind::boolean ||
                 t.bounded) &&
                (value < t.lo || value > t.hi))
                throw parameter_error("value for '" + name + "' is outside its type " + t.name);
        }
    }

    // Puts a definition's value in its symbol's slot: by renaming the destination of
    // the instruction that computed it (no copy), or by a copy for an alias or a constant.
    void define(symbol_id s, std::uint32_t value) {
        if (!plan_.code_.empty() && plan_.code_.back().dst == value && value >= prog_.symbols.size()) {
            plan_.code_.back().dst = s;
            for (auto& [expr, slot] : plan_.expression_slots_)
                if (slot == value) slot = s;
            return;
        }
        emit(opcode::copy, s, value);
    }

    std::uint32_t new_slot() { return static_cast<std::uint32_t>(plan_.slot_count_++); }

    std::uint32_t emit(opcode op, std::uint32_t dst, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0,
                       std::int64_t imm = 0) {
        plan_.code_.push_back({op, dst, a, b, c, imm});
        return dst;
    }

    std::uint32_t emit_new(opcode op, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0, std::int64_t imm = 0) {
        return emit(op, new_slot(), a, b, c, imm);
    }

    std::uint32_t constant(std::int64_t v) { return emit_new(opcode::constant, 0, 0, 0, v); }

    std::int64_t add_set(std::vector<std::int64_t> members) {
        plan_.sets_.push_back(std::move(members));
        return static_cast<std::int64_t>(plan_.sets_.size() - 1);
    }

    // Parameters: one value (a constant), dated versions (a lookup on the as-of
    // date) or a table (looked up where it is used).
    void plan_parameter(symbol_id s) {
        const symbol& sym = prog_.symbols[s];
        if (const auto it = plan_.overrides_.find(sym.name); it != plan_.overrides_.end()) {
            emit(opcode::constant, s, 0, 0, 0, it->second);
            return;
        }
        if (sym.is_table) {
            plan_.tables_.push_back({sym.entries});
            symbol_tables_[s] = plan_.tables_.size() - 1;
            return;
        }
        if (sym.entries.size() == 1 && sym.entries[0].lo == INT32_MIN) {
            emit(opcode::constant, s, 0, 0, 0, sym.entries[0].value);
            return;
        }
        plan_.valid_from_ = std::max<day_number>(plan_.valid_from_, static_cast<day_number>(sym.entries.front().lo));
        plan_.tables_.push_back({sym.entries});
        emit(opcode::lookup, s, *plan_.as_of_slot_, 0, 0, static_cast<std::int64_t>(plan_.tables_.size() - 1));
    }

    // Folds n-ary max/min/count into a chain of binary instructions.
    std::uint32_t chain(opcode op, const std::vector<checked_expr>& args) {
        std::uint32_t acc = lower(args[0]);
        for (std::size_t i = 1; i < args.size(); ++i) acc = emit_new(op, acc, lower(args[i]));
        return acc;
    }

    std::uint32_t lower(const checked_expr& e) {
        const std::uint32_t slot = lower_node(e);
        plan_.expression_slots_.emplace(&e, slot);
        return slot;
    }

    std::uint32_t lower_node(const checked_expr& e) {
        static constexpr opcode binary[] = {opcode::add, opcode::sub, opcode::mul, opcode::eq, opcode::ne,
                                            opcode::lt,  opcode::le,  opcode::gt,  opcode::ge, opcode::logical_and,
                                            opcode::logical_or};
        switch (e.kind) {
            case op::constant: return constant(e.value);
            case op::symbol: return e.symbol;
            case op::negate: return emit_new(opcode::negate, lower(e.args[0]));
            case op::logical_not: return emit_new(opcode::logical_not, lower(e.args[0]));
            case op::add: case op::sub: case op::mul: case op::eq: case op::ne: case op::lt:
            case op::le: case op::gt: case op::ge: case op::logical_and: case op::logical_or: {
                const auto index = static_cast<std::size_t>(e.kind) - static_cast<std::size_t>(op::add);
                const std::uint32_t a = lower(e.args[0]);
                const std::uint32_t b = lower(e.args[1]);
                return emit_new(binary[index], a, b);
            }
            case op::if_else: {
                const std::uint32_t c = lower(e.args[0]);
                const std::uint32_t t = lower(e.args[1]);
                const std::uint32_t f = lower(e.args[2]);
                return emit_new(opcode::select, c, t, f);
            }
            case op::first: {
                std::uint32_t result = lower(e.args.back());
                for (std::size_t i = e.args.size() - 1; i >= 2; i -= 2) {
                    const std::uint32_t cond = lower(e.args[i - 2]);
                    const std::uint32_t value = lower(e.args[i - 1]);
                    result = emit_new(opcode::select, cond, value, result);
                }
                return result;
            }
            case op::match: {
                const std::uint32_t subject = lower(e.args[0]);
                // The otherwise arm (or the last arm, as the checker made the match exhaustive) is the fallback.
                std::size_t fallback = e.keys.size() - 1;
                for (std::size_t arm = 0; arm < e.keys.size(); ++arm)
                    if (e.keys[arm].empty()) fallback = arm;
                std::uint32_t result = lower(e.args[fallback + 1]);
                for (std::size_t arm = e.keys.size(); arm-- > 0;) {
                    if (arm == fallback) continue;
                    std::vector<std::int64_t> keys = e.keys[arm];
                    std::sort(keys.begin(), keys.end());
                    const std::uint32_t cond = emit_new(opcode::in_set, subject, 0, 0, add_set(std::move(keys)));
                    result = emit_new(opcode::select, cond, lower(e.args[arm + 1]), result);
                }
                return result;
            }
            case op::in_set: return emit_new(opcode::in_set, lower(e.args[0]), 0, 0, add_set(e.keys[0]));
            case op::known: return emit_new(opcode::known, e.symbol);
            case op::max: return chain(opcode::max, e.args);
            case op::min: return chain(opcode::min, e.args);
            case op::count: {
                std::uint32_t acc = lower(e.args[0]);
                for (std::size_t i = 1; i < e.args.size(); ++i) acc = emit_new(opcode::add, acc, lower(e.args[i]));
                return acc;
            }
            case op::add_months: case op::add_days: case op::age: {
                const opcode code = e.kind == op::add_months ? opcode::add_months
                                    : e.kind == op::add_days ? opcode::add_days
                                                             : opcode::age;
                const std::uint32_t a = lower(e.args[0]);
                const std::uint32_t b = lower(e.args[1]);
                return emit_new(code, a, b);
            }
            case op::lookup: {
                const std::uint32_t key = lower(e.args[0]);
                return emit_new(opcode::lookup, key, 0, 0, static_cast<std::int64_t>(symbol_tables_[e.symbol]));
            }
        }
        return constant(0);
    }

    const program& prog_;
    plan plan_;
    std::vector<std::size_t> symbol_tables_;
};

std::optional<std::uint32_t> plan::slot_of(const checked_expr& e) const {
    if (e.kind == op::symbol) return e.symbol;
    const auto it = expression_slots_.find(&e);
    if (it == expression_slots_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::size_t> plan::input_index(std::string_view name) const {
    for (std::size_t i = 0; i < inputs_.size(); ++i)
        if (program_->symbols[inputs_[i]].name == name) return i;
    return std::nullopt;
}

std::shared_ptr<const plan> compile(std::shared_ptr<const program> checked, const parameter_overrides& overrides) {
    if (!checked) throw std::invalid_argument("compile: no checked program");
    return plan_builder(std::move(checked), overrides).build();
}

}  // namespace trappe
