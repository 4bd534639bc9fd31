"""Validating responses against the served OpenAPI component schemas and pack schemas."""
import jsonschema


def component_validator(openapi_doc, name):
    """A validator for components/schemas/<name> that resolves $refs inside the document."""
    schema = dict(openapi_doc)
    schema["$ref"] = f"#/components/schemas/{name}"
    return jsonschema.Draft202012Validator(schema)


def validate_component(openapi_doc, name, instance):
    component_validator(openapi_doc, name).validate(instance)


def validate_schema(schema, instance):
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(instance)
