#pragma once
// Explanations of a decision: a trace citing the law, why-not for every offer
// and step not reached, the smallest change that moves the recommendation, and
// a draft justification built from the pack's Danish templates.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "trappe/eval/evaluator.hpp"

namespace trappe {

/// One computed name: its value, what its rule used, which rule or table row
/// decided it, its legal citation and the rule author's sentence with the values.
struct trace_entry {
    symbol_id symbol = 0;
    value_range value;
    std::vector<symbol_id> uses;        // the names its rule reads
    std::string decided_by;             // "S3", "hoejt", "1955-07-01 .. 1962-12-31", "gælder fra 2025-06-01", ...
    std::string citation;
    bool local = false;                 // a parameter of the local quality standard
    std::string sentence;               // the `because` template with values
    std::vector<symbol_id> depends_on;  // unassessed inputs, when undetermined
};

/// A condition that did not hold, in Danish with the actual values
/// ("vurderingsdato 2025-09-01 er ikke før folkepensionsdato 2025-03-02").
struct failed_condition {
    std::string text;
    bool unknown = false;  // could not be decided: depends on items ikke vurderet
};

/// Why an offer was not granted, or why a step above the recommended one was not reached.
struct why_not_entry {
    std::string subject;   // the offer's title or "trin 4 (midlertidigt botilbud)"
    std::string citation;
    bool is_step = false;
    std::vector<failed_condition> failed;
};

struct input_change {
    symbol_id input = 0;
    std::int64_t from = 0, to = 0;
};

/// The smallest change to assessed inputs that gives a higher (direction +1) or
/// a lower (-1) recommendation, whichever step that is (fewest inputs, then
/// smallest total change), with the step it reaches and that outcome's trace.
struct counterfactual {
    int direction = 0;  // +1 up, -1 down
    bool found = false;
    std::vector<input_change> changes;
    std::int64_t new_step = 0;  // the step the changes reach (may be more than one step away)
    std::vector<trace_entry> trace;
    std::string note;  // why none was searched or found
};

/// Values from..to of an item ikke vurderet, and the recommendation if it were assessed so.
struct assessment_outcome {
    std::int64_t from = 0, to = 0;
    value_range step;  // undetermined when other items ikke vurderet still leave it open
};

/// What assessing one item ikke vurderet would decide, by runs of its values
/// ("vurder sundhedsudfordring: ved niveau 2 eller højere …"). Proposed only for
/// items where some value determines the recommendation.
struct assessment_proposal {
    symbol_id input = 0;
    std::vector<assessment_outcome> outcomes;
};

struct explain_options {
    bool why_not = true;
    bool counterfactual = false;
    int max_changes = 3;  // the counterfactual search tries up to this many changed inputs
};

struct explanation {
    traced_decision evaluated;
    std::vector<trace_entry> trace;
    std::vector<why_not_entry> why_not;
    std::optional<counterfactual> step_up, step_down;
    std::vector<assessment_proposal> assessments;  // with the counterfactual, when the recommendation is open
    std::vector<std::string> justification;  // paragraphs of the draft begrundelse
    std::string borger_id;                   // "" when the pack has no such input

    [[nodiscard]] const program& rules() const noexcept { return evaluated.result.rules(); }
};

/// The trace of a traced evaluation: every parameter and definition the rules
/// compute, in dependency order.
[[nodiscard]] std::vector<trace_entry> build_trace(const traced_decision& t);

/// Evaluates with tracing and explains. Thread-safe like evaluate().
[[nodiscard]] std::variant<explanation, input_error> explain(const plan& p, const profile& in,
                                                              const explain_options& options = {});

/// Renderers. JSON field names are documented in docs/explanations.md.
[[nodiscard]] std::string to_text(const explanation& e);
[[nodiscard]] std::string to_json(const explanation& e);
/// A self-contained HTML page (no scripts, fonts or styles fetched from elsewhere);
/// every value and rule text is HTML-escaped.
[[nodiscard]] std::string to_html(const explanation& e);

}  // namespace trappe
