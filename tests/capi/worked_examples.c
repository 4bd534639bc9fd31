/* A C11 host of the C ABI: the worked examples of the Roskilde pack get the
 * decisions `trappe eval --json` (the C++ API) prints, and a bad path and a bad
 * row get errors. Usage: capi_worked_examples <trappe CLI> <rules> <profiles.jsonl> */
#define _POSIX_C_SOURCE 200809L /* popen */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trappe/trappe.h"

static int passed = 0, failed = 0;

static void check(int ok, const char* what) {
    if (ok) {
        ++passed;
    } else {
        ++failed;
        fprintf(stderr, "FAILED: %s (last error: %s)\n", what, trappe_last_error());
    }
}

/* The whole of a stream, NUL-terminated; NULL when it cannot be read. */
static char* read_all(FILE* in) {
    size_t size = 0, capacity = 4096;
    char* text = malloc(capacity);
    size_t n;
    while (text && (n = fread(text + size, 1, capacity - size - 1, in)) > 0) {
        size += n;
        if (capacity - size - 1 == 0) {
            char* bigger = realloc(text, capacity *= 2);
            if (!bigger) free(text);
            text = bigger;
        }
    }
    if (text) text[size] = '\0';
    return text;
}

static char* read_file(const char* path) {
    FILE* in = fopen(path, "rb");
    if (!in) return NULL;
    char* text = read_all(in);
    fclose(in);
    return text;
}

/* What the C++ API decides for the same profiles, through the CLI. */
static char* cli_decisions(const char* cli, const char* rules, const char* profiles) {
    char command[4096];
    snprintf(command, sizeof command, "'%s' eval '%s' '%s' --json 2>/dev/null", cli, rules, profiles);
    FILE* out = popen(command, "r");
    if (!out) return NULL;
    char* text = read_all(out);
    pclose(out);
    return text;
}

static int decision_has(const trappe_results* results, size_t row, const char* text) {
    const char* decision = trappe_results_decision(results, row);
    return decision != NULL && strstr(decision, text) != NULL;
}

int main(int argc, char** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s <trappe CLI> <rules> <profiles.jsonl>\n", argv[0]);
        return 2;
    }
    check(strlen(trappe_version()) >= 5, "trappe_version() is MAJOR.MINOR.PATCH");

    trappe_rules* rules = NULL;
    check(trappe_rules_load(argv[2], &rules) == TRAPPE_OK, "the Roskilde pack loads");
    check(rules != NULL && strcmp(trappe_rules_pack(rules), "roskilde-2025") == 0, "the pack is roskilde-2025");

    char* profiles = read_file(argv[3]);
    char* expected = cli_decisions(argv[1], argv[2], argv[3]);
    check(profiles != NULL && expected != NULL && strlen(expected) > 0, "the profiles and the CLI's decisions are read");
    if (!profiles || !expected || !rules) return 1;

    trappe_results* results = NULL;
    check(trappe_evaluate_json(rules, profiles, strlen(profiles), &results) == TRAPPE_OK, "the examples evaluate");
    check(trappe_results_rows(results) == 5, "five worked examples");
    check(trappe_results_error_count(results) == 0, "no worked example has an error");
    char* lines = NULL;
    check(trappe_results_json_lines(results, &lines) == TRAPPE_OK, "the results as JSON lines");
    /* The CLI's output ends with its run manifest, a line of its own after the rows. */
    check(lines != NULL && strncmp(lines, expected, strlen(lines)) == 0 &&
              strncmp(expected + strlen(lines), "{\"schema\":\"trappe.manifest/1\"", 29) == 0,
          "the decisions equal the C++ API's");
    check(decision_has(results, 0, "\"trin\":3"), "example A is at step 3");
    check(decision_has(results, 2, "\"trin\":1"), "example C is at step 1");
    check(decision_has(results, 3, "\"trin\":5"), "example D is at step 5");
    check(decision_has(results, 4, "\"determined\":false"), "example E is undetermined");
    trappe_string_free(lines);
    trappe_results_free(results);

    /* A bad path: a rule error naming it, and no handle. */
    trappe_rules* missing = NULL;
    check(trappe_rules_load("no/such/pack", &missing) == TRAPPE_ERROR_RULES, "a bad path is TRAPPE_ERROR_RULES");
    check(missing == NULL && strstr(trappe_last_error(), "no/such/pack") != NULL, "the error names the path");

    /* A bad row: egenomsorg 9 in row 1 is an error of that row and field, the others are evaluated. */
    char* field_at = strstr(profiles, "\"egenomsorg\": 1");
    check(field_at != NULL, "row 1 has egenomsorg 1");
    if (field_at) field_at[strlen("\"egenomsorg\": ")] = '9';
    check(trappe_evaluate_json(rules, profiles, strlen(profiles), &results) == TRAPPE_OK, "a bad row is no failed call");
    size_t row = 0;
    const char *field = NULL, *message = NULL;
    check(trappe_results_error_count(results) == 1, "one error");
    check(trappe_results_error(results, 0, &row, &field, &message) == TRAPPE_OK, "the error is read");
    check(row == 1 && field && strcmp(field, "egenomsorg") == 0, "the error names row 1 and egenomsorg");
    check(message && strchr(message, '9') == NULL, "the error does not show the value");
    check(trappe_results_decision(results, 0) == NULL && decision_has(results, 1, "\"trin\":3"),
          "row 1 has no decision, row 2 has its own");
    trappe_results_free(results);

    /* An explanation of example A, in Danish with its citations. */
    const char* first_line_end = strchr(expected, '\n');
    char* explanation = NULL;
    char* a = read_file(argv[3]);
    check(a != NULL && first_line_end != NULL, "example A is read");
    if (a) {
        *strchr(a, '\n') = '\0';
        check(trappe_explain_json(rules, a, strlen(a), TRAPPE_FORMAT_TEXT, TRAPPE_EXPLAIN_WHY_NOT, &explanation) ==
                  TRAPPE_OK,
              "example A is explained");
        check(explanation && strstr(explanation, "Serviceloven § 85") != NULL, "the explanation cites § 85");
    }
    trappe_string_free(explanation);
    free(a);

    free(profiles);
    free(expected);
    trappe_rules_free(rules);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
