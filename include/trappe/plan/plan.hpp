#pragma once
// The immutable evaluation plan: a checked program compiled for evaluation.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trappe/checker/program.hpp"
#include "trappe/common/date.hpp"
#include "trappe/common/error.hpp"

namespace trappe {

class plan;
namespace detail {
struct plan_internals;
/// The plan's private inside (src/plan/plan_internals.hpp); for the library's own evaluators.
const plan_internals& internals(const plan& p) noexcept;
}  // namespace detail

/// Parameter values that replace the rule files' values (all dated versions).
using parameter_overrides = std::map<std::string, std::int64_t>;

/// The compiled, immutable program. Thread-safe to share: nothing in it changes
/// after compile(). How it evaluates (its instructions, slots and analyses) is
/// private to the library. Always owned by the shared_ptr compile() returns, so
/// that a decision can share the ownership of the plan it was evaluated with.
class plan : public std::enable_shared_from_this<plan> {
public:
    plan();
    ~plan();
    plan(plan&&) noexcept;
    plan& operator=(plan&&) noexcept;

    [[nodiscard]] const program& rules() const noexcept { return *program_; }
    /// The profile fields, in the order of profile values and input columns: the
    /// inputs the pack's outputs, recommendation, offers and justification reach.
    [[nodiscard]] std::span<const symbol_id> inputs() const noexcept { return inputs_; }
    /// The index of `name` among inputs(), if it is an input.
    [[nodiscard]] std::optional<std::size_t> input_index(std::string_view name) const;
    /// Indexes among inputs() of the string inputs (a decision keeps only their texts).
    [[nodiscard]] std::span<const std::size_t> text_inputs() const noexcept { return text_inputs_; }
    /// The first as-of date the rules apply: the pack's declared `valid from`, else
    /// the first date on which every dated parameter the pack uses has a value.
    [[nodiscard]] day_number valid_from() const noexcept { return valid_from_; }
    /// The last as-of date the rules apply: the pack's declared `to`, else INT32_MAX.
    [[nodiscard]] day_number valid_to() const noexcept { return valid_to_; }
    /// Whether `name` is a field the rules declare but this pack's outputs never read
    /// (an imported pack's input): a profile may carry it or leave it out, and it is
    /// ignored. Not among inputs().
    [[nodiscard]] bool ignores_field(std::string_view name) const;
    [[nodiscard]] const parameter_overrides& overrides() const noexcept { return overrides_; }
    /// The index among inputs() of the as_of input, when the pack has one.
    [[nodiscard]] std::optional<std::size_t> as_of_input() const noexcept { return as_of_input_; }

private:
    friend class plan_builder;
    friend const detail::plan_internals& detail::internals(const plan&) noexcept;
    std::shared_ptr<const program> program_;
    std::vector<symbol_id> inputs_;
    std::vector<std::size_t> text_inputs_;
    day_number valid_from_ = INT32_MIN;
    day_number valid_to_ = INT32_MAX;
    parameter_overrides overrides_;
    std::optional<std::size_t> as_of_input_;
    std::unique_ptr<detail::plan_internals> internals_;
};

/// Thrown by compile() for API misuse: an override names no parameter or has a
/// value outside the parameter's type (error channel 3).
class parameter_error : public misuse_error {
public:
    using misuse_error::misuse_error;
};

/// Compiles a checked program into a plan. `overrides` replace parameter
/// values (for policy experiments) without editing rule files.
[[nodiscard]] std::shared_ptr<const plan> compile(std::shared_ptr<const program> checked,
                                                  const parameter_overrides& overrides = {});

}  // namespace trappe
