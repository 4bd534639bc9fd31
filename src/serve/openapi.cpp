// GET /openapi.json: the OpenAPI 3.1 description of the service. Its component
// schemas are JSON Schema 2020-12; tests/service validates real responses with them.

#include "endpoints.hpp"
#include "trappe/version.hpp"

namespace trappe::serve {
namespace {

constexpr const char* document_text = R"json({
"openapi": "3.1.0",
"info": {"title": "Trappe", "version": "@VERSION@",
  "description": "Evaluates VUM profiles against the loaded rule packs. Profile values are personal data: no error, log line or metric carries one. Errors are {code, message}; bad rows add row and field. See docs/service.md."},
"components": {
  "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
  "schemas": {
    "Error": {"type": "object", "required": ["code", "message"], "properties": {
      "code": {"enum": ["not_found", "unknown_pack", "method_not_allowed", "unauthorized", "body_too_large", "bad_request",
                        "bad_target", "bad_query", "bad_parameter", "no_profile", "one_profile_only", "invalid_profile", "internal"]},
      "message": {"type": "string"},
      "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}}},
    "FieldError": {"type": "object", "required": ["row", "field", "message"], "additionalProperties": false, "properties": {
      "row": {"type": "integer", "minimum": 0}, "field": {"type": "string"}, "message": {"type": "string"}}},
    "RowError": {"type": "object", "required": ["row", "errors"], "additionalProperties": false, "properties": {
      "row": {"type": "integer", "minimum": 1},
      "errors": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["code", "field", "message"],
        "additionalProperties": false,
        "properties": {"code": {"const": "invalid_row"}, "field": {"type": "string"}, "message": {"type": "string"}}}}}},
    "Health": {"type": "object", "required": ["status", "packs"], "properties": {
      "status": {"const": "ok"}, "packs": {"type": "integer", "minimum": 0}}},
    "PackList": {"type": "object", "required": ["packs"], "properties": {"packs": {"type": "array", "items": {
      "type": "object", "required": ["name", "hash", "valid_from", "valid_to", "inputs", "parameters"], "properties": {
        "name": {"type": "string"}, "hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
        "valid_from": {"type": ["string", "null"]}, "valid_to": {"type": ["string", "null"]},
        "inputs": {"type": "integer"},
        "parameters": {"type": "array", "items": {"type": "object", "required": ["name", "type", "citation", "local", "table"],
          "properties": {"name": {"type": "string"}, "type": {"type": "string"}, "citation": {"type": "string"},
            "local": {"type": "boolean"}, "table": {"type": "boolean"},
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/KeyedValue"}},
            "rows": {"type": "array", "items": {"$ref": "#/components/schemas/KeyedValue"}}}}}}}}}},
    "KeyedValue": {"type": "object", "required": ["from", "to", "value"]},
    "PackSchemas": {"type": "object", "required": ["pack", "hash", "profile", "decision"], "properties": {
      "pack": {"type": "string"}, "hash": {"type": "string"},
      "profile": {"type": "object", "description": "JSON Schema of a profile of this pack"},
      "decision": {"type": "object", "description": "JSON Schema of a decision of this pack"}}},
    "Decision": {"type": "object", "required": ["schema", "rules", "determined", "outputs", "offers"], "properties": {
      "schema": {"const": "trappe.decision/1", "description": "the shape's name and version; docs/schema/decision.schema.json"},
      "row": {"type": "integer", "minimum": 1},
      "rules": {"type": "object", "required": ["pack", "hash"],
        "properties": {"pack": {"type": "string"}, "hash": {"type": "string"}}},
      "determined": {"type": "boolean"},
      "outputs": {"type": "object", "description": "every output of the pack; see /v1/packs/{pack}/schema"},
      "offers": {"type": "array", "items": {"type": "object", "required": ["offer", "title", "citation", "eligible", "step", "scope", "appealable"]}}}},
    "EvaluateResults": {"type": "object", "required": ["pack", "hash", "results"], "properties": {
      "pack": {"type": "string"}, "hash": {"type": "string"},
      "results": {"type": "array", "items": {"oneOf": [
        {"allOf": [{"$ref": "#/components/schemas/Decision"}, {"required": ["row"]}]},
        {"$ref": "#/components/schemas/RowError"}]}}}},
    "BatchLine": {"oneOf": [
      {"type": "object", "required": ["schema", "row", "borger_id", "outputs", "determined"], "additionalProperties": false, "properties": {
        "schema": {"const": "trappe.batch-row/1", "description": "docs/schema/batch-row.schema.json"},
        "row": {"type": "integer", "minimum": 1}, "borger_id": {"type": "string"},
        "outputs": {"type": "object", "description": "every output that is not text: its value, or {one_of, depends_on} (a set) or {from, to, depends_on} (an interval: dates, wide integers) when undetermined, with exact: false beyond the split budget"},
        "determined": {"type": "boolean"}}},
      {"$ref": "#/components/schemas/RowError"}]},
    "BatchSummary": {"type": "object", "required": ["schema", "rules", "rows", "complete"], "additionalProperties": false,
      "description": "the last line of a batch: the row counts of trappe batch's manifest; complete false when the body was cut off; docs/schema/batch-summary.schema.json",
      "properties": {
        "schema": {"const": "trappe.batch-summary/1"},
        "rules": {"type": "object", "required": ["pack", "hash", "trappe"], "properties": {"pack": {"type": "string"}, "hash": {"type": "string"},
          "trappe": {"type": "string"}}},
        "rows": {"type": "object", "required": ["in", "written", "errors"], "additionalProperties": false, "properties": {
          "in": {"type": "integer", "minimum": 0}, "written": {"type": "integer", "minimum": 0}, "errors": {"type": "integer", "minimum": 0}}},
        "complete": {"type": "boolean"},
        "error": {"type": "object", "required": ["code", "message"], "properties": {
          "code": {"enum": ["body_too_large", "bad_request", "line_too_long", "internal"]}, "message": {"type": "string"}}}},
      "if": {"properties": {"complete": {"const": false}}}, "then": {"required": ["error"]}, "else": {"not": {"required": ["error"]}}},
    "Explanation": {"type": "object", "required": ["schema"], "description": "fields documented in docs/explanations.md",
      "properties": {"schema": {"const": "trappe.explanation/1", "description": "docs/schema/explanation.schema.json"}}},
    "Profile": {"type": "object", "description": "field names of the pack; see /v1/packs/{pack}/schema"}
  },
  "parameters": {
    "pack": {"name": "pack", "in": "path", "required": true, "schema": {"type": "string"}},
    "param": {"name": "param.NAME", "in": "query", "required": false, "schema": {"type": "string"},
      "description": "overrides parameter NAME (as a profile field of its type is written), e.g. param.taerskel_85=hoejt"}
  },
  "responses": {
    "Error": {"description": "an error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
  }
},
"security": [{}, {"bearer": []}],
"paths": {
  "/healthz": {"get": {"summary": "liveness; never needs a token", "security": [{}],
    "responses": {"200": {"description": "serving", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}}},
  "/metrics": {"get": {"summary": "Prometheus text: requests, latencies, rows by pack",
    "responses": {"200": {"description": "metrics", "content": {"text/plain": {"schema": {"type": "string"}}}},
                  "401": {"$ref": "#/components/responses/Error"}}}},
  "/openapi.json": {"get": {"summary": "this document",
    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
  "/v1/packs": {"get": {"summary": "the loaded packs: name, hash, validity, parameters",
    "responses": {"200": {"description": "packs", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PackList"}}}},
                  "401": {"$ref": "#/components/responses/Error"}}}},
  "/v1/packs/{pack}/schema": {"get": {"summary": "JSON Schemas of the pack's profile and decision",
    "parameters": [{"$ref": "#/components/parameters/pack"}],
    "responses": {"200": {"description": "schemas", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PackSchemas"}}}},
                  "404": {"$ref": "#/components/responses/Error"}}}},
  "/v1/packs/{pack}/evaluate": {"post": {"summary": "evaluate one profile (object) or many (array or JSON lines)",
    "parameters": [{"$ref": "#/components/parameters/pack"}, {"$ref": "#/components/parameters/param"},
      {"name": "as_of", "in": "query", "required": false, "schema": {"type": "string", "format": "date"},
       "description": "the date that selects dated parameter versions (default: the profile's)"}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"oneOf": [
      {"$ref": "#/components/schemas/Profile"}, {"type": "array", "items": {"$ref": "#/components/schemas/Profile"}}]}}}},
    "responses": {"200": {"description": "a decision, or results for a list", "headers": {"X-Trappe-Pack-Hash": {"schema": {"type": "string"}}},
                          "content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/Decision"},
                                                                               {"$ref": "#/components/schemas/EvaluateResults"}]}}}},
                  "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
                  "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
  "/v1/packs/{pack}/explain": {"post": {"summary": "explain one profile: trace, citations, why-not, counterfactual, draft justification",
    "parameters": [{"$ref": "#/components/parameters/pack"}, {"$ref": "#/components/parameters/param"},
      {"name": "format", "in": "query", "required": false, "schema": {"enum": ["json", "text", "html"]}},
      {"name": "why_not", "in": "query", "required": false, "schema": {"type": "boolean"}},
      {"name": "counterfactual", "in": "query", "required": false, "schema": {"type": "boolean"}}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}},
    "responses": {"200": {"description": "the explanation", "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Explanation"}},
                            "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}},
                  "400": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
  "/v1/packs/{pack}/batch": {"post": {"summary": "JSON lines in, one line out per row in order (a result or the row's errors), then a summary line; streamed both ways",
    "description": "An HTTP/1.1 request is answered as its body arrives, with chunked transfer encoding; the row counts come last, as the BatchSummary line and as the trailers X-Trappe-Rows = X-Trappe-Rows-Written + X-Trappe-Rows-Failed and X-Trappe-Batch-Status. The body is held to the batch limit, not the body limit. HTTP/1.0: read whole, the counts also as headers.",
    "parameters": [{"$ref": "#/components/parameters/pack"}, {"$ref": "#/components/parameters/param"}],
    "requestBody": {"required": true, "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
    "responses": {"200": {"description": "one BatchLine per row, then one BatchSummary",
                          "headers": {"X-Trappe-Pack-Hash": {"schema": {"type": "string"}},
                                      "Trailer": {"schema": {"const": "X-Trappe-Rows, X-Trappe-Rows-Written, X-Trappe-Rows-Failed, X-Trappe-Batch-Status"}}},
                          "content": {"application/x-ndjson": {"schema": {"oneOf": [{"$ref": "#/components/schemas/BatchLine"},
                                                                                   {"$ref": "#/components/schemas/BatchSummary"}]}}}},
                  "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
                  "413": {"$ref": "#/components/responses/Error"}}}}
}
})json";

std::string with_version() {
    std::string text = document_text;
    const std::string mark = "@VERSION@";
    text.replace(text.find(mark), mark.size(), version_string);
    return text;
}

}  // namespace

const std::string& openapi_document() {
    static const std::string document = with_version();
    return document;
}

}  // namespace trappe::serve
