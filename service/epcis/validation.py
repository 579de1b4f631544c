"""Validation against GS1's EPCIS 2.0 JSON Schema, with the `jsonschema` library.

A refusal names the fault with a JSON pointer (RFC 6901) into the submitted document, so an
integrator can find it: `/epcisBody/eventList/0/sourceList`.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError, best_match

from service.domain.quantities import quantity_fault

QUANTITY_LISTS = ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")


@dataclass(frozen=True)
class SchemaFault:
    pointer: str
    message: str


@cache
def _validator() -> Draft7Validator:
    text = resources.files("service.epcis").joinpath("EPCIS-JSON-Schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def _pointer(error: ValidationError) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path]
    return "/" + "/".join(parts) if parts else ""


def _deepest(error: ValidationError) -> ValidationError:
    """Among alternatives (anyOf/oneOf), the fault found deepest in the document names it best."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def quantity_faults(document: object) -> list[SchemaFault]:
    """Quantities the schema lets through and Business Central cannot keep: `NaN`, `Infinity`
    (Python's JSON reader accepts them), more than five decimals."""
    faults: list[SchemaFault] = []
    body = document.get("epcisBody") if isinstance(document, dict) else None
    events = body.get("eventList") if isinstance(body, dict) else None
    for index, event in enumerate(events if isinstance(events, list) else []):
        for name in QUANTITY_LISTS:
            elements = event.get(name) if isinstance(event, dict) else None
            for n, element in enumerate(elements if isinstance(elements, list) else []):
                if isinstance(element, dict) and "quantity" in element:
                    why = quantity_fault(element["quantity"])
                    if why is not None:
                        pointer = f"/epcisBody/eventList/{index}/{name}/{n}/quantity"
                        faults.append(SchemaFault(pointer, f"quantity {why}"))
    return faults


def schema_faults(document: object, *, limit: int = 20) -> list[SchemaFault]:
    """Every fault GS1's schema finds (at most `limit`), the most relevant first, then the
    quantities no ledger can keep; [] if valid."""
    errors = list(_validator().iter_errors(document))
    if not errors:
        return quantity_faults(document)[:limit]
    first = best_match(errors)
    ordered = [first, *[e for e in errors if e is not first]]
    faults = []
    for error in ordered[:limit]:
        shown = _deepest(error)
        pointer = _pointer(shown) if len(shown.absolute_path) > len(error.absolute_path) else ""
        message = shown.message
        if len(message) > 240:  # the message quotes the whole offending value
            message = f"fails the schema's {shown.validator!r} rule"
        faults.append(SchemaFault(pointer or _pointer(error), message))
    return faults
