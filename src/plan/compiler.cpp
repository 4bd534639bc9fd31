// Lowers checked expressions to flat instructions. `first` and `match` become
// chains of selects, so the evaluators are one loop without branches of their
// own; each arm's condition slot is recorded, so explanations read which arm
// fired instead of deciding it again.

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "plan/analysis.hpp"
#include "plan/block_program.hpp"
#include "plan/plan_internals.hpp"
#include "trappe/common/error.hpp"

namespace trappe {

plan::plan() = default;
plan::~plan() = default;
plan::plan(plan&&) noexcept = default;
plan& plan::operator=(plan&&) noexcept = default;

namespace detail {
plan_internals::plan_internals() = default;
plan_internals::~plan_internals() = default;
plan_internals::plan_internals(plan_internals&&) noexcept = default;
plan_internals& plan_internals::operator=(plan_internals&&) noexcept = default;

const plan_internals& internals(const plan& p) noexcept { return *p.internals_; }
}  // namespace detail

using detail::instruction;
using detail::opcode;

class plan_builder {
public:
    plan_builder(std::shared_ptr<const program> checked, const parameter_overrides& overrides)
        : prog_(*checked), code_(*(plan_.internals_ = std::make_unique<detail::plan_internals>())) {
        plan_.program_ = std::move(checked);
        plan_.overrides_ = overrides;
        code_.slot_count = prog_.symbols.size();
        // Plans come and go at one address (a policy experiment compiles one per variant):
        // a decision reused across them tells them apart by this number.
        static std::atomic<std::uint64_t> compiled{0};
        code_.id = ++compiled;
    }

    std::shared_ptr<const plan> build() {
        for (symbol_id s = 0; s < prog_.symbols.size(); ++s) {
            if (prog_.symbols[s].kind != symbol_kind::input || !prog_.is_reached(s)) continue;
            if (prog_.types[prog_.symbols[s].type].kind == type_kind::string)
                plan_.text_inputs_.push_back(plan_.inputs_.size());
            plan_.inputs_.push_back(s);
        }
        code_.assessed_slots.assign(plan_.inputs_.size(), detail::no_slot);
        validate_overrides();
        if (prog_.valid_from) plan_.valid_from_ = *prog_.valid_from;
        if (prog_.valid_to) plan_.valid_to_ = *prog_.valid_to;
        if (prog_.as_of) {
            code_.as_of_slot = new_slot();
            plan_.as_of_input_ = plan_.input_index(prog_.symbols[*prog_.as_of].name);
        }
        symbol_tables_.assign(prog_.symbols.size(), 0);
        for (symbol_id s = 0; s < prog_.symbols.size(); ++s)
            if (prog_.symbols[s].kind == symbol_kind::parameter) plan_parameter(s);
        for (symbol_id s : prog_.order) define(s, lower(prog_.symbols[s].body));
        for (const offer& o : prog_.offers) {
            detail::planned_offer p;
            p.condition = lower(o.condition);
            p.step = lower(o.step);
            p.has_review = o.has_review;
            if (o.has_review) p.review = lower(o.review_months);
            code_.offers.push_back(p);
        }
        // A property's expressions get slots like a criterion's conditions, so
        // `trappe verify` reads their values from a traced evaluation (value_of).
        for (const property& p : prog_.properties) {
            if (p.kind != property::kind_t::implies) continue;
            lower(p.premise);
            lower(p.conclusion);
        }
        detail::analyse(plan_, code_);  // ranges, constants folded, runtime code
        code_.batch = detail::build_block_program(plan_, code_);
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
            const input_rule rule = input_rule_for(prog_, *s);
            if (const input_problem problem = check_input(rule, true, value); problem != input_problem::none)
                throw parameter_error("parameter '" + name + "': " + describe(problem, rule) + " (type " +
                                      prog_.types[sym.type].name + ")");
        }
    }

    // The records of the last instruction's slot follow it when it is renamed. Only
    // that instruction's own entry and the expressions lowered to it since can name
    // it (an arm's condition never: a select is emitted after it).
    void rename_last(std::uint32_t to) {
        for (const checked_expr* e : last_expressions_) code_.expression_slots[e] = to;
        if (last_key_) computed_[*last_key_] = to;
    }

    // Puts a definition's value in its symbol's slot: by renaming the destination of
    // the instruction that computed it (no copy), or by a copy for an alias, a
    // constant or known() (whose slot no instruction writes).
    void define(symbol_id s, std::uint32_t value) {
        if (!code_.code.empty() && code_.code.back().dst == value && value >= prog_.symbols.size()) {
            code_.code.back().dst = s;
            rename_last(s);
            return;
        }
        emit(opcode::copy, s, value);
    }

    std::uint32_t new_slot() { return static_cast<std::uint32_t>(code_.slot_count++); }

    std::uint32_t emit(opcode op, std::uint32_t dst, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0,
                       std::int64_t imm = 0) {
        code_.code.push_back({op, dst, a, b, c, imm});
        last_expressions_.clear();
        last_key_.reset();
        return dst;
    }

    // A new value, or the slot that already holds the same instruction's value: rules
    // repeat subexpressions (maalgruppe_85's `a or b`, `voksen and ...`), computed once.
    std::uint32_t emit_new(opcode op, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0, std::int64_t imm = 0) {
        const instruction_key key{op, a, b, c, imm};
        if (const auto it = computed_.find(key); it != computed_.end()) return it->second;
        const std::uint32_t slot = emit(op, new_slot(), a, b, c, imm);
        computed_.emplace(key, slot);
        last_key_ = key;
        return slot;
    }

    std::uint32_t constant(std::int64_t v) { return emit_new(opcode::constant, 0, 0, 0, v); }

    std::int64_t add_set(std::vector<std::int64_t> members) {
        std::sort(members.begin(), members.end());
        members.erase(std::unique(members.begin(), members.end()), members.end());
        code_.sets.push_back(std::move(members));
        return static_cast<std::int64_t>(code_.sets.size() - 1);
    }

    // `subject in keys`: a bit mask for small values (levels, enums), else a search.
    std::uint32_t membership(std::uint32_t subject, const std::vector<std::int64_t>& keys) {
        const bool small = std::all_of(keys.begin(), keys.end(), [](std::int64_t k) { return k >= 0 && k < 64; });
        if (!small) return emit_new(opcode::in_set, subject, 0, 0, add_set(keys));
        std::uint64_t mask = 0;
        for (std::int64_t k : keys) mask |= std::uint64_t{1} << k;
        return emit_new(opcode::in_mask, subject, 0, 0, static_cast<std::int64_t>(mask));
    }

    // known(x) reads a slot the evaluator fills with whether x was assessed: always
    // definite, and never an instruction.
    std::uint32_t assessed_slot(symbol_id input) {
        const std::size_t i = *plan_.input_index(prog_.symbols[input].name);
        if (code_.assessed_slots[i] == detail::no_slot) code_.assessed_slots[i] = new_slot();
        return code_.assessed_slots[i];
    }

    // Parameters: one value (a constant), dated versions (a lookup on the as-of
    // date) or a table (looked up where it is used).
    void plan_parameter(symbol_id s) {
        const symbol& sym = prog_.symbols[s];
        if (!prog_.is_reached(s)) return;  // an imported parameter this pack does not use
        if (const auto it = plan_.overrides_.find(sym.name); it != plan_.overrides_.end()) {
            emit(opcode::constant, s, 0, 0, 0, it->second);
            return;
        }
        if (sym.is_table) {
            code_.tables.push_back({sym.entries});
            symbol_tables_[s] = code_.tables.size() - 1;
            return;
        }
        if (sym.entries.size() == 1 && sym.entries[0].lo == INT32_MIN) {
            emit(opcode::constant, s, 0, 0, 0, sym.entries[0].value);
            return;
        }
        // A declared period is the checker's to reconcile with the versions (check_period_coverage).
        if (!prog_.valid_from)
            plan_.valid_from_ = std::max<day_number>(plan_.valid_from_, static_cast<day_number>(sym.entries.front().lo));
        code_.tables.push_back({sym.entries});
        emit(opcode::lookup, s, *code_.as_of_slot, 0, 0, static_cast<std::int64_t>(code_.tables.size() - 1));
    }

    // Folds n-ary max/min/count into a chain of binary instructions.
    std::uint32_t chain(opcode op, const std::vector<checked_expr>& args) {
        std::uint32_t acc = lower(args[0]);
        for (std::size_t i = 1; i < args.size(); ++i) acc = emit_new(op, acc, lower(args[i]));
        return acc;
    }

    std::uint32_t lower(const checked_expr& e) {
        const std::uint32_t slot = lower_node(e);
        code_.expression_slots.emplace(&e, slot);
        if (!code_.code.empty() && code_.code.back().dst == slot) last_expressions_.push_back(&e);
        return slot;
    }

    std::uint32_t lower_first(const checked_expr& e) {
        detail::arm_slots arms;
        const std::size_t rules = e.args.size() / 2;
        arms.conditions.assign(rules + 1, detail::no_slot);
        arms.fallback = rules;
        std::uint32_t result = lower(e.args.back());
        for (std::size_t i = e.args.size() - 1; i >= 2; i -= 2) {
            const std::uint32_t cond = lower(e.args[i - 2]);
            arms.conditions[(i - 2) / 2] = cond;
            const std::uint32_t value = lower(e.args[i - 1]);
            result = emit_new(opcode::select, cond, value, result);
        }
        code_.arms.emplace(&e, std::move(arms));
        return result;
    }

    std::uint32_t lower_match(const checked_expr& e) {
        const std::uint32_t subject = lower(e.args[0]);
        // The otherwise arm (or the last arm, as the checker made the match exhaustive) is the fallback.
        detail::arm_slots arms;
        arms.conditions.assign(e.keys.size(), detail::no_slot);
        arms.fallback = e.keys.size() - 1;
        for (std::size_t arm = 0; arm < e.keys.size(); ++arm)
            if (e.keys[arm].empty()) arms.fallback = arm;
        std::uint32_t result = lower(e.args[arms.fallback + 1]);
        for (std::size_t arm = e.keys.size(); arm-- > 0;) {
            if (arm == arms.fallback) continue;
            const std::uint32_t cond = membership(subject, e.keys[arm]);
            arms.conditions[arm] = cond;
            result = emit_new(opcode::select, cond, lower(e.args[arm + 1]), result);
        }
        code_.arms.emplace(&e, std::move(arms));
        return result;
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
            case op::first: return lower_first(e);
            case op::match: return lower_match(e);
            case op::in_set: return membership(lower(e.args[0]), e.keys[0]);
            case op::known: return assessed_slot(e.symbol);
            case op::max: return chain(opcode::max, e.args);
            case op::min: return chain(opcode::min, e.args);
            case op::count: return chain(opcode::add, e.args);
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
    detail::plan_internals& code_;
    std::vector<std::size_t> symbol_tables_;
    using instruction_key = std::tuple<opcode, std::uint32_t, std::uint32_t, std::uint32_t, std::int64_t>;
    std::map<instruction_key, std::uint32_t> computed_;
    std::optional<instruction_key> last_key_;               // the last instruction's entry in computed_
    std::vector<const checked_expr*> last_expressions_;     // expressions lowered to the last instruction's slot
};

std::optional<std::size_t> plan::input_index(std::string_view name) const {
    for (std::size_t i = 0; i < inputs_.size(); ++i)
        if (program_->symbols[inputs_[i]].name == name) return i;
    return std::nullopt;
}

bool plan::ignores_field(std::string_view name) const {
    if (input_index(name)) return false;
    const auto s = program_->find(std::string(name));
    return s && program_->symbols[*s].kind == symbol_kind::input;
}

std::shared_ptr<const plan> compile(std::shared_ptr<const program> checked, const parameter_overrides& overrides) {
    if (!checked) throw misuse_error("compile: no checked program");
    return plan_builder(std::move(checked), overrides).build();
}

}  // namespace trappe
