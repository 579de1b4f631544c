"""Every error as RFC 9457 `application/problem+json`, rendered in one place."""

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Send

from service.errors import DomainError
from service.graph.store import UNAVAILABLE_ERRORS

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = "5"
log = logging.getLogger("tracegraph")


def problem(
    request: Request,
    *,
    status: int,
    title: str,
    detail: str,
    code: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def send_problem(
    send: Send,
    path: str,
    *,
    status: int,
    title: str,
    detail: str,
    code: str,
    headers: dict[str, str] | None = None,
) -> None:
    """A problem answered from an ASGI middleware, before any route (or body) is reached."""
    body = json.dumps(
        {
            "type": f"/problems/{code}",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": path,
            "code": code,
        }
    ).encode()
    raw = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode("latin-1")) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})  # fmt: skip


def _field(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc]
    return ".".join(
        parts[1:] if parts and parts[0] in {"body", "query", "path", "header"} else parts
    )


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if exc.status in (503, 504) else None
    if exc.status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="tracegraph"'}
    return problem(
        request, status=exc.status, title=exc.title, detail=exc.message, code=exc.code,
        headers=headers, **exc.extra,
    )  # fmt: skip


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field(tuple(e["loc"])), "message": e["msg"], "type": e["type"]}
        for e in exc.errors()
    ]
    fields = ", ".join(sorted({e["field"] or "body" for e in errors}))
    return problem(
        request, status=422, title="Invalid input", detail=f"Invalid value for: {fields}",
        code="invalid-input", errors=errors,
    )  # fmt: skip


async def _model(request: Request, exc: Exception) -> JSONResponse:
    """A model built from request values inside a handler refused them: still the client's input."""
    assert isinstance(exc, ValidationError)
    errors = [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "type": e["type"]}
        for e in exc.errors()
    ]
    fields = ", ".join(sorted({e["field"] or exc.title for e in errors}))
    return problem(
        request, status=422, title="Invalid input", detail=f"Invalid value for: {fields}",
        code="invalid-input", errors=errors,
    )  # fmt: skip


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(
        request, status=exc.status_code, title=str(exc.detail), detail=str(exc.detail),
        code=f"http-{exc.status_code}", headers=dict(exc.headers or {}),
    )  # fmt: skip


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("neo4j unavailable: %s", type(exc).__name__)
    return problem(
        request, status=503, title="Service unavailable",
        detail="The graph database cannot be reached right now; retry shortly.",
        code="neo4j-unavailable", headers={"Retry-After": RETRY_AFTER_SECONDS},
    )  # fmt: skip


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(
        request, status=500, title="Internal server error",
        detail="Something unexpected went wrong; it has been logged.", code="internal",
    )  # fmt: skip


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ValidationError, _model)
    app.add_exception_handler(StarletteHTTPException, _http)
    for error in UNAVAILABLE_ERRORS:
        app.add_exception_handler(error, _unavailable)
    app.add_exception_handler(Exception, _unexpected)
