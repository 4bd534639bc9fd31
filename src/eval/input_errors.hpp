#pragma once
// Input errors as the evaluators report them (private): the one wording of
// checker/input_rule.hpp, with the row and the field's name, never the value.

#include "common/utf8.hpp"
#include "plan/plan_internals.hpp"
#include "trappe/checker/input_rule.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {

/// The problem with input i of a row (1-based; 0 when not from a file).
[[nodiscard]] inline input_error input_error_of(const plan& p, std::size_t i, std::size_t row, input_problem problem,
                                                const input_rule& rule) {
    return {row, p.rules().symbols[p.inputs()[i]].name, describe(problem, rule)};
}

/// The as-of date of a row is before the first date the rules apply.
[[nodiscard]] inline input_error before_valid_from(const plan& p, std::size_t row) {
    return {row, p.rules().symbols[p.inputs()[*p.as_of_input()]].name,
            "is before the first date the rules apply (" + format_date(p.valid_from()) + ")"};
}

/// The as-of date of a row is after the last date the rules apply (the pack's `valid ... to`).
[[nodiscard]] inline input_error after_valid_to(const plan& p, std::size_t row) {
    return {row, p.rules().symbols[p.inputs()[*p.as_of_input()]].name,
            "is after the last date the rules apply (" + format_date(p.valid_to()) + ")"};
}

/// The as-of date `at` outside the rules' period, as the error of its row.
[[nodiscard]] inline input_error outside_period(const plan& p, std::size_t row, std::int64_t at) {
    return at < p.valid_from() ? before_valid_from(p, row) : after_valid_to(p, row);
}

/// Whether a row breaks a date order: both dates assessed, the earlier one after the later.
[[nodiscard]] constexpr bool breaks(bool earlier_assessed, std::int64_t earlier, bool later_assessed,
                                    std::int64_t later) noexcept {
    return earlier_assessed && later_assessed && earlier > later;
}

/// "row 3, field 'foedselsdato': is after 'vurderingsdato' (age(...) cannot be negative)".
[[nodiscard]] inline input_error date_order_error(const plan& p, const date_order& order, std::size_t row) {
    const auto name = [&](std::uint32_t i) { return p.rules().symbols[p.inputs()[i]].name; };
    return {row, name(order.earlier),
            "is after '" + name(order.later) + "' (the rules compute age(" + name(order.earlier) + ", " +
                name(order.later) + "), which cannot be negative)"};
}

/// The first text input of a profile built in code that is not valid UTF-8 (the
/// readers check theirs as they read), so every text a decision renders is.
[[nodiscard]] inline std::optional<input_error> check_texts(const plan& p, const profile& in) {
    for (const std::size_t i : p.text_inputs())
        if (in.assessed[i] && first_invalid_utf8(in.texts[i]))
            return input_error{0, p.rules().symbols[p.inputs()[i]].name, "is not valid UTF-8 text"};
    return std::nullopt;
}

/// The first date order a profile built in code breaks, if any.
[[nodiscard]] inline std::optional<input_error> check_date_orders(const plan& p, const plan_internals& code,
                                                                  const profile& in) {
    for (const date_order& o : code.date_orders)
        if (breaks(in.assessed[o.earlier] != 0, in.values[o.earlier], in.assessed[o.later] != 0, in.values[o.later]))
            return date_order_error(p, o, 0);
    return std::nullopt;
}

}  // namespace trappe::detail
