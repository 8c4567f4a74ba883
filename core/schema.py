"""drf-spectacular postprocessing hooks: the OpenAPI schema says what the API really does, in a
form a client generator (openapi-python-client, tests/api/test_generated_client.py) can use.

- every status an operation can answer, with the problem details (RFC 9457) it really sends;
- parameters with the bounds the views enforce;
- no `default` in the `Patched*` request bodies: a generated client sends every property that
  has a default, so a PATCH of one field would reset the others to theirs;
- no empty-string `default` on formatted strings (`""` is no e-mail address: the spec validator
  refuses it).
"""

from typing import Any

from .rest import MAX_ID, MAX_PAGE_SIZE

PROBLEM_PROPERTIES = {
    "type": {"type": "string", "description": "A URI reference naming the problem type."},
    "title": {"type": "string", "description": "A short summary of the type, translated."},
    "status": {"type": "integer", "description": "The HTTP status."},
    "detail": {"type": "string", "description": "What went wrong here, translated."},
    "code": {
        "type": "string",
        "description": "The cause, for machines: stable, never translated (docs/api.md, Errors).",
    },
}
PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details (application/problem+json).",
    "properties": PROBLEM_PROPERTIES,
    "required": ["type", "title", "status", "detail", "code"],
}
PROBLEM_ERROR = {
    "type": "object",
    "description": "One problem of the input: a JSON Pointer into the body (`/skills/0/level`) "
    "or the query `parameter`; neither for a problem of the input as a whole.",
    "properties": {
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "pointer": {"type": "string"},
        "parameter": {"type": "string"},
    },
    "required": ["code", "detail"],
}
VALIDATION_PROBLEM = {
    "type": "object",
    "description": "Problem details of bad input (or a duplicate, 409): each problem in `errors`.",
    "properties": {
        **PROBLEM_PROPERTIES,
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemError"}},
    },
    "required": ["type", "title", "status", "detail", "code", "errors"],
}
ERRORS = {
    "400": "Bad input: the fields with what is wrong with each.",
    "401": "Not signed in: send `Authorization: Token <token>` or a session cookie.",
    "403": "Signed in, but this needs HR (or HR admin for roles and skills).",
    "404": "No such record (or page).",
    "409": "Refused: other records use this one, or it conflicts with stored data.",
    "413": "The request body is larger than the server accepts (5 MB by default).",
    "406": "No answer in a media type the `Accept` header allows (JSON is always offered).",
    "415": "The body is not JSON (`Content-Type: application/json`).",
    "429": "Too many requests (or sign-in attempts); wait as many seconds as `Retry-After` says.",
}
RATE_LIMIT = {
    "RateLimit-Policy": {
        "description": 'The throttles that apply (IETF draft): `"user";q=3000;w=60` is a quota '
        "of 3,000 requests in a window of 60 seconds.",
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'Where this client stands (IETF draft): `"user";r=2987;t=41` leaves 2,987 '
        "requests, the oldest counted one leaves the window in 41 seconds.",
        "schema": {"type": "string"},
    },
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "schema": {"type": "integer", "minimum": 0},
    },
    **RATE_LIMIT,
}


def statuses(path: str, method: str) -> list[str]:
    """The error statuses one operation can answer. Every operation is throttled (429); the
    token request needs no sign-in, so it can't answer 401, 403 or 404."""
    if path.endswith("/auth/token/"):
        return ["400", "406", "413", "415", "429"]
    codes = ["400", "401", "403", "404", "406", "429"]
    if method in ("post", "put", "patch", "delete"):
        codes.append("409")
    if method in ("post", "put", "patch"):
        codes += ["413", "415"]
    return sorted(codes)


def _error_response(code: str) -> dict:
    name = "ValidationProblem" if code == "400" else "Problem"
    response = {
        "description": ERRORS[code],
        "content": {
            "application/problem+json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
        },
    }
    if code == "429":
        response["headers"] = RETRY_AFTER
    return response


def document_errors(result: dict, generator, request, public) -> dict:
    """Declare the problem answers of every operation (400 with the field errors), and the
    RateLimit headers of its successes and its 429."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    schemas["ProblemError"] = PROBLEM_ERROR
    schemas["ValidationProblem"] = VALIDATION_PROBLEM
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in statuses(path, method):
                responses.setdefault(code, _error_response(code))
            for code, response in responses.items():
                if code.startswith("2"):
                    response.setdefault("headers", {}).update(RATE_LIMIT)
                if code == "422":  # the import's plan, as a problem document (api_import.py)
                    _as_problem(response)
    return result


def _as_problem(response: dict) -> None:
    plan = response.get("content", {}).pop("application/json", None)
    if plan is not None:
        schema = {"allOf": [{"$ref": "#/components/schemas/Problem"}, plan["schema"]]}
        response["content"]["application/problem+json"] = {"schema": schema}


# Integer query and path parameters, with the bounds the views enforce; any other is an id.
PARAMETER_BOUNDS = {
    "page": {"minimum": 1},
    "page_size": {"minimum": 1, "maximum": MAX_PAGE_SIZE},
    "depth": {"minimum": 1, "maximum": 100},
    "career_level": {},  # a filter: any number, matching or not
}
ID_BOUNDS = {"minimum": 1, "maximum": MAX_ID}


def tighten_parameters(result: dict, generator, request, public) -> dict:
    """Path and query parameters say what the views accept (ids are 1 … 2^63-1, pages from 1,
    page_size to 500, as_of a date), as the request bodies do."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if schema.get("type") == "integer":
                    schema.update(PARAMETER_BOUNDS.get(parameter["name"], ID_BOUNDS))
                elif parameter["name"] == "as_of":
                    schema.pop("default", None)
                    schema["format"] = "date"
    return result


def _subschemas(schema: dict) -> list[dict]:
    return [s for key in ("oneOf", "anyOf", "allOf") for s in schema.get(key, [])]


def _drop_defaults(schema: dict) -> None:
    schema.pop("default", None)
    for part in _subschemas(schema):
        _drop_defaults(part)


def _drop_blank_formatted_defaults(schema: Any) -> None:
    if not isinstance(schema, dict):
        return
    if schema.get("default") == "" and schema.get("format") in ("email", "uri"):
        del schema["default"]
    for value in schema.values():
        if isinstance(value, dict):
            _drop_blank_formatted_defaults(value)
        elif isinstance(value, list):
            for item in value:
                _drop_blank_formatted_defaults(item)


def drop_request_defaults(result: dict, generator, request, public) -> dict:
    """No `default` in `Patched*` bodies (a PATCH changes what it names, nothing else; the
    server applies no defaults to a partial update either), and none that is invalid."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, component in schemas.items():
        if name.startswith("Patched"):
            for prop in component.get("properties", {}).values():
                _drop_defaults(prop)
        _drop_blank_formatted_defaults(component)
    return result
