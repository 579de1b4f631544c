"""`/docs`: Swagger UI from the package's own files (PyPI `swagger-ui-bundle-v2`), so it renders
with no network, and an OpenAPI document that declares how to authenticate, so its Authorize
button takes an API key and "Try it out" sends it. `/` leads to the trace viewer."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"
OPEN_PATHS = {"/health", "/metrics"}
"""Paths that answer without a key (health checks and metrics scrapers)."""
SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key: `tracegraph api-key create` makes one. Sent as "
        "`Authorization: Bearer <key>`.",
    },
    "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}
PROBLEM = {
    "title": "Problem",
    "description": "RFC 9457 problem details: every refusal and error answers this.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "examples": ["/problems/number-not-found"]},
        "title": {"type": "string", "examples": ["Not found"]},
        "status": {"type": "integer", "examples": [404]},
        "detail": {"type": "string", "examples": ["No lot LOT00O1 was found."]},
        "instance": {"type": "string", "examples": ["/v1/trace"]},
        "code": {"type": "string", "description": "Stable, for programs to act on"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "properties": {
                "field": {"type": "string"}, "message": {"type": "string"}}},
        },
    },
    "additionalProperties": True,
}  # fmt: skip
ERRORS = {
    "401": "No API key, or one unknown, expired or revoked",
    "403": "The API key lacks the scope the route needs",
    "404": "The thing named does not exist (numbers: `number-not-found`, with suggestions)",
    "409": "A rule or the stored data refuses the request",
    "422": "A value the request cannot have (names its field)",
    "503": "Neo4j cannot be reached now; retry after Retry-After",
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, plus the API-key schemes (required on every path but the open
    ones) and the problem+json answers every route can give."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, summary=app.summary, routes=app.routes
    )
    components = schema.setdefault("components", {})
    components["securitySchemes"] = SECURITY_SCHEMES
    components.setdefault("schemas", {})["Problem"] = PROBLEM
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            if path in OPEN_PATHS:
                operation["security"] = []
                continue
            operation["security"] = [{"bearer": []}, {"apiKeyHeader": []}]
            answers = operation.setdefault("responses", {})
            answers.pop("422", None)  # FastAPI's HTTPValidationError: ours is a problem
            for status, description in ERRORS.items():
                answers.setdefault(status, {"description": description, "content": problem})
    app.openapi_schema = schema
    return schema


def install(app: FastAPI) -> None:
    """Serve /docs offline with Authorize, and / as the viewer's address."""
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), "docs-assets")

    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
            swagger_ui_parameters={"persistAuthorization": True, "tryItOutEnabled": True},
        )

    async def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    app.add_api_route("/docs", docs, include_in_schema=False)
    app.add_api_route("/", home, include_in_schema=False)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
