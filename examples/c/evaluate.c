/* Evaluate profiles with Trappe's C ABI and print each row's step (docs/c-api.md).
 *   cc -std=c11 evaluate.c -ltrappe -o evaluate
 *   ./evaluate rules/roskilde-2025 examples/profiles/worked-examples.jsonl */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trappe/trappe.h>

static char* read_file(const char* path, size_t* size) {
    FILE* in = fopen(path, "rb");
    if (!in) return NULL;
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    fseek(in, 0, SEEK_SET);
    char* text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    *size = text ? fread(text, 1, (size_t)n, in) : 0;
    if (text) text[*size] = '\0';
    fclose(in);
    return text;
}

/* Prints the "trin" output of a decision: a number, or {"one_of":[..],"depends_on":[..]}
 * when it depends on items not assessed. */
static void print_step(size_t row, const char* decision) {
    const char* value = strstr(decision, "\"trin\":");
    if (!value) return;
    value += strlen("\"trin\":");
    int length = *value == '{' ? (int)(strchr(value, '}') - value + 1) : (int)strcspn(value, ",}");
    printf("row %zu: trin %.*s\n", row, length, value);
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <rules> <profiles.jsonl>\n", argv[0]);
        return 2;
    }
    printf("trappe %s\n", trappe_version());

    trappe_rules* rules = NULL;
    if (trappe_rules_load(argv[1], &rules) != TRAPPE_OK) {
        fprintf(stderr, "%s\n", trappe_last_error()); /* every diagnostic, with file:line:col */
        return 1;
    }

    size_t size = 0;
    char* profiles = read_file(argv[2], &size);
    trappe_results* results = NULL;
    if (!profiles || trappe_evaluate_json(rules, profiles, size, &results) != TRAPPE_OK) {
        fprintf(stderr, "cannot evaluate %s: %s\n", argv[2], trappe_last_error());
        trappe_rules_free(rules);
        free(profiles);
        return 2;
    }

    /* A decision per good row (one line of JSON), an error per bad field. */
    for (size_t i = 0; i < trappe_results_rows(results); ++i) {
        const char* decision = trappe_results_decision(results, i);
        if (decision) print_step(i + 1, decision);
    }
    for (size_t e = 0; e < trappe_results_error_count(results); ++e) {
        size_t row = 0;
        const char *field = NULL, *message = NULL;
        trappe_results_error(results, e, &row, &field, &message);
        printf("row %zu: field '%s': %s\n", row, field, message); /* never the value */
    }
    int status = trappe_results_error_count(results) == 0 ? 0 : 1;

    trappe_results_free(results);
    trappe_rules_free(rules);
    free(profiles);
    return status;
}
