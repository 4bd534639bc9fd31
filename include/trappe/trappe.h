/* Trappe's C ABI: load a rule pack, evaluate profiles, explain decisions.
 *
 * For hosts that cannot link C++ (.NET, Java, Python ctypes, C). Link with
 * -ltrappe (libtrappe.so). docs/c-api.md has complete examples.
 *
 * Conventions:
 * - Handles are opaque. A trappe_rules is immutable once made and may be used
 *   by any number of threads at once; a trappe_results belongs to one thread.
 * - Every function that can fail returns a trappe_status. On failure the
 *   message of that failure is trappe_last_error(), kept per thread.
 * - Nothing ever throws or aborts across this boundary: misuse (a null handle,
 *   a wrong column count) is TRAPPE_ERROR_ARGUMENT.
 * - Everything returned is freed through this ABI: char* with
 *   trappe_string_free, handles with their _free function. const char* results
 *   are owned by the handle they came from and live as long as it does.
 * - Errors about a profile name the row and the field, never a value: profiles
 *   are personal data.
 *
 * Error model (the same as the C++ API's):
 * - mistakes in the rule text: TRAPPE_ERROR_RULES, the diagnostics in
 *   trappe_last_error() as file:line:col with a caret;
 * - a bad input row: a value in the results (row, field, message); the other
 *   rows are evaluated and the call returns TRAPPE_OK;
 * - misuse and I/O failures: a status code.
 */
#ifndef TRAPPE_TRAPPE_H
#define TRAPPE_TRAPPE_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(TRAPPE_C_EXPORTS)
#define TRAPPE_API __declspec(dllexport)
#elif defined(_WIN32)
#define TRAPPE_API __declspec(dllimport)
#elif defined(__GNUC__)
#define TRAPPE_API __attribute__((visibility("default")))
#else
#define TRAPPE_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum trappe_status {
    TRAPPE_OK = 0,
    TRAPPE_ERROR_RULES = 1,    /* the rule pack has errors (diagnostics in trappe_last_error()) */
    TRAPPE_ERROR_ROW = 2,      /* the one profile of a single-profile call is invalid */
    TRAPPE_ERROR_ARGUMENT = 3, /* misuse: a null pointer, a wrong count, an unknown parameter */
    TRAPPE_ERROR_IO = 4,       /* a file could not be read */
    TRAPPE_ERROR_MEMORY = 5,   /* out of memory */
    TRAPPE_ERROR_INTERNAL = 6  /* a bug in Trappe; the message says what */
} trappe_status;

/* A checked and compiled rule pack, with any parameter overrides. */
typedef struct trappe_rules trappe_rules;

/* The outcome of evaluating many rows: per row a decision or errors. */
typedef struct trappe_results trappe_results;

/* ---- Version, errors, memory -------------------------------------------- */

/* The library's version, "MAJOR.MINOR.PATCH". Static: never freed. */
TRAPPE_API const char* trappe_version(void);

/* The message of the last failed call on this thread, "" when there was none.
 * Valid until the next trappe_ call on this thread. */
TRAPPE_API const char* trappe_last_error(void);

/* Frees a string returned by this library. NULL is ignored. */
TRAPPE_API void trappe_string_free(char* s);

/* ---- Rules ---------------------------------------------------------------- */

/* Loads and checks the pack at `path` (a directory of .trappe files, or one
 * file) with what it imports, and compiles it. TRAPPE_ERROR_RULES with every
 * diagnostic when the rules have errors (a missing path is one too). */
TRAPPE_API trappe_status trappe_rules_load(const char* path, trappe_rules** out);

/* As trappe_rules_load, from rule text in memory (`length` bytes, UTF-8).
 * `name` is the file's display path in diagnostics; imports are resolved
 * relative to it. */
TRAPPE_API trappe_status trappe_rules_load_text(const char* name, const char* text, size_t length,
                                                trappe_rules** out);

/* A copy of `rules` with parameters replaced, for policy experiments: `values[i]`
 * is the new value of parameter `names[i]`, written as in a profile (a level's
 * number or name, an enum value's name, true/false, YYYY-MM-DD, a number).
 * Overrides replace those `rules` already has. TRAPPE_ERROR_ARGUMENT naming the
 * parameter when it does not exist or the value does not fit. */
TRAPPE_API trappe_status trappe_rules_with_parameters(const trappe_rules* rules, const char* const* names,
                                                      const char* const* values, size_t count, trappe_rules** out);

/* Frees rules. NULL is ignored. Results made from them stay valid. */
TRAPPE_API void trappe_rules_free(trappe_rules* rules);

/* The pack's name and content hash ("sha256:..."); NULL for NULL rules. */
TRAPPE_API const char* trappe_rules_pack(const trappe_rules* rules);
TRAPPE_API const char* trappe_rules_hash(const trappe_rules* rules);

/* The profile fields, in the order of input columns; NULL past the end. */
TRAPPE_API size_t trappe_rules_input_count(const trappe_rules* rules);
TRAPPE_API const char* trappe_rules_input_name(const trappe_rules* rules, size_t index);

/* The outputs evaluate_columns writes (every output that is not text), in order. */
TRAPPE_API size_t trappe_rules_output_count(const trappe_rules* rules);
TRAPPE_API const char* trappe_rules_output_name(const trappe_rules* rules, size_t index);

/* A JSON description of the pack: its name and hash, and each input and output
 * with its type, its bounds and the names of its values (a level's or an
 * enum's ordinal is its index there), for building columns. Free with
 * trappe_string_free. */
TRAPPE_API trappe_status trappe_rules_describe(const trappe_rules* rules, char** json);

/* ---- Evaluating JSON ------------------------------------------------------ */

/* Evaluates profiles given as JSON (`length` bytes): one object, an array of
 * objects, or JSON lines. `null` or "ikke_vurderet" mean not assessed. A row
 * that is not valid JSON, lacks a field or holds a wrong value gets errors in
 * the results; the other rows are evaluated, and the call returns TRAPPE_OK. */
TRAPPE_API trappe_status trappe_evaluate_json(const trappe_rules* rules, const char* json, size_t length,
                                              trappe_results** out);

/* The number of rows evaluated. */
TRAPPE_API size_t trappe_results_rows(const trappe_results* results);

/* Row `index` (0-based)'s decision as one line of JSON: outputs, offers, the
 * pack's name and hash (see docs/c-api.md). NULL for a row with errors, past the
 * end, and for the results of trappe_evaluate_columns (their values are in the
 * caller's columns). */
TRAPPE_API const char* trappe_results_decision(const trappe_results* results, size_t index);

/* The problems found in the rows, in row order. */
TRAPPE_API size_t trappe_results_error_count(const trappe_results* results);

/* Problem `index`: its 1-based row, its field ("" when the row as a whole is
 * malformed) and message. Any out pointer may be NULL. TRAPPE_ERROR_ARGUMENT
 * past the end. */
TRAPPE_API trappe_status trappe_results_error(const trappe_results* results, size_t index, size_t* row,
                                              const char** field, const char** message);

/* Every row as a line of JSON, in row order: the decision, or
 * {"row":N,"errors":[{"field":...,"message":...}]}; what `trappe eval --json`
 * prints. Free with trappe_string_free. */
TRAPPE_API trappe_status trappe_results_json_lines(const trappe_results* results, char** out);

/* Frees results. NULL is ignored. */
TRAPPE_API void trappe_results_free(trappe_results* results);

/* ---- Evaluating columns --------------------------------------------------- */

typedef enum trappe_element_type { TRAPPE_I8 = 0, TRAPPE_I16 = 1, TRAPPE_I32 = 2, TRAPPE_I64 = 3 } trappe_element_type;

/* One input column, in the order of trappe_rules_input_name: levels and enums as
 * their ordinal, booleans 0/1, dates as days since 1970-01-01. valid[r] == 0
 * means row r is not assessed; NULL valid means every row is assessed. Text
 * inputs are not read (data may be NULL). */
typedef struct trappe_input_column {
    trappe_element_type type;
    const void* data;
    const uint8_t* valid;
} trappe_input_column;

/* One output column, in the order of trappe_rules_output_name: the value, or
 * for an undetermined value its low end in `lo` and high end in `hi` (when
 * not NULL): the hull of the exact possible values a decision's JSON lists. */
typedef struct trappe_output_column {
    trappe_element_type type;
    void* lo;
    void* hi;
} trappe_output_column;

/* Written per row to the status column of trappe_evaluate_columns. */
enum { TRAPPE_ROW_DETERMINED = 0, TRAPPE_ROW_UNDETERMINED = 1, TRAPPE_ROW_ERROR = 2 };

/* Evaluates `rows` profiles given as columns, on `threads` threads (0: all
 * cores). One column per input and per output, else TRAPPE_ERROR_ARGUMENT.
 * `status` (rows bytes) receives a TRAPPE_ROW_ value per row; a row with an
 * error has it in the results (row and field). Free *out with
 * trappe_results_free; `out` may be NULL when the errors are not wanted. */
TRAPPE_API trappe_status trappe_evaluate_columns(const trappe_rules* rules, size_t rows,
                                                 const trappe_input_column* inputs, size_t input_count,
                                                 const trappe_output_column* outputs, size_t output_count,
                                                 uint8_t* status, unsigned threads, trappe_results** out);

/* ---- Explaining ----------------------------------------------------------- */

typedef enum trappe_format { TRAPPE_FORMAT_TEXT = 0, TRAPPE_FORMAT_JSON = 1, TRAPPE_FORMAT_HTML = 2 } trappe_format;

/* Flags for trappe_explain_json. */
#define TRAPPE_EXPLAIN_WHY_NOT 1u        /* why each offer and higher step was not reached */
#define TRAPPE_EXPLAIN_COUNTERFACTUAL 2u /* the smallest change that moves the step */

/* Explains the decision for one profile given as a JSON object: the trace with
 * citations and the draft justification (Danish), as text, JSON or a
 * self-contained HTML page. TRAPPE_ERROR_ROW when the profile is invalid (the
 * message names the field), TRAPPE_ERROR_ARGUMENT when the JSON holds other than
 * one profile. Free *out with trappe_string_free. */
TRAPPE_API trappe_status trappe_explain_json(const trappe_rules* rules, const char* json, size_t length,
                                             trappe_format format, unsigned flags, char** out);

#ifdef __cplusplus
}
#endif

#endif /* TRAPPE_TRAPPE_H */
