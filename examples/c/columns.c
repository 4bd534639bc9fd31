/* Evaluate caller-owned typed columns with Trappe's C ABI, on rules given as text,
 * and explain one profile (docs/c-api.md).
 *   cc -std=c11 columns.c -ltrappe -o columns && ./columns */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <trappe/trappe.h>

static const char* pack =
    "pack \"demo\"\n"
    "input egenomsorg : integer 0..4\n"
    "input mobilitet : integer 0..4\n"
    "define hoejeste = max(egenomsorg, mobilitet)\n"
    "define stoette = hoejeste >= 3\n"
    "output hoejeste, stoette\n";

int main(void) {
    trappe_rules* rules = NULL;
    if (trappe_rules_load_text("demo.trappe", pack, strlen(pack), &rules) != TRAPPE_OK) {
        fprintf(stderr, "%s\n", trappe_last_error());
        return 1;
    }

    /* Four rows; columns in the order of trappe_rules_input_name. Row 2's mobilitet
     * is not assessed (valid 0); row 4's egenomsorg is out of range. */
    int8_t egenomsorg[] = {1, 3, 0, 7};
    int8_t mobilitet[] = {2, 0, 4, 1};
    uint8_t mobilitet_valid[] = {1, 0, 1, 1};
    trappe_input_column inputs[] = {{TRAPPE_I8, egenomsorg, NULL}, {TRAPPE_I8, mobilitet, mobilitet_valid}};

    /* Outputs in the order of trappe_rules_output_name: the value, or lo..hi when undetermined. */
    int64_t hoejeste_lo[4], hoejeste_hi[4];
    int8_t stoette_lo[4], stoette_hi[4];
    trappe_output_column outputs[] = {{TRAPPE_I64, hoejeste_lo, hoejeste_hi}, {TRAPPE_I8, stoette_lo, stoette_hi}};
    uint8_t status[4];
    trappe_results* errors = NULL;
    if (trappe_evaluate_columns(rules, 4, inputs, 2, outputs, 2, status, 0, &errors) != TRAPPE_OK) {
        fprintf(stderr, "%s\n", trappe_last_error());
        trappe_rules_free(rules);
        return 2;
    }
    for (size_t r = 0; r < 4; ++r) {
        if (status[r] == TRAPPE_ROW_ERROR) continue;
        printf("row %zu: %s %lld..%lld, %s %d..%d\n", r + 1, trappe_rules_output_name(rules, 0),
               (long long)hoejeste_lo[r], (long long)hoejeste_hi[r], trappe_rules_output_name(rules, 1), stoette_lo[r],
               stoette_hi[r]);
    }
    for (size_t e = 0; e < trappe_results_error_count(errors); ++e) {
        size_t row = 0;
        const char *field = NULL, *message = NULL;
        trappe_results_error(errors, e, &row, &field, &message);
        printf("row %zu: field '%s': %s\n", row, field, message);
    }
    trappe_results_free(errors);

    /* One profile explained, as text (TRAPPE_FORMAT_JSON and _HTML render the same). */
    const char* profile = "{\"egenomsorg\": 3, \"mobilitet\": null}";
    char* text = NULL;
    if (trappe_explain_json(rules, profile, strlen(profile), TRAPPE_FORMAT_TEXT, TRAPPE_EXPLAIN_WHY_NOT, &text) ==
        TRAPPE_OK)
        printf("%s", text);
    else
        fprintf(stderr, "%s\n", trappe_last_error());
    trappe_string_free(text);

    trappe_rules_free(rules);
    return 0;
}
