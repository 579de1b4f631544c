"""A capture's intake, before the graph: the cheap checks first (what kind of document, how many
events), then GS1's schema with its formats and the CBV vocabularies, then each event parsed.

Pure and synchronous: the API runs it in a worker thread, so validating one large document does
not hold the event loop (`/health` and other requests keep answering meanwhile).

With `proceed`, a fault inside one event (the schema's, a CBV word's, an identifier's check
digit) refuses that event only; a fault in the document's header refuses the document.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from service.epcis.capture import CapturedEvent, Located
from service.epcis.events import parse_event
from service.epcis.validation import SchemaFault, schema_faults, vocabulary_faults
from service.errors import EpcisInvalid, InvalidInput, TooLarge

MAX_EVENTS = 10_000
MAX_BYTES = 64 * 1024 * 1024
_IN_EVENT = re.compile(r"^/epcisBody/eventList/(\d+)(?=/|$)")


@dataclass
class Intake:
    """The events to capture, and those refused already (under `proceed`), by document index."""

    batch: list[Located] = field(default_factory=list)
    refused: dict[int, CapturedEvent] = field(default_factory=dict)

    def merged(self, captured: list[CapturedEvent]) -> list[CapturedEvent]:
        """The answers in document order: the captured ones (in batch order) and the refused."""
        answers = dict(self.refused)
        answers.update({located.index: a for located, a in zip(self.batch, captured, strict=True)})
        return [answers[i] for i in sorted(answers)]


def _invalid(faults: list[SchemaFault], what: str = "GS1's EPCIS 2.0 schema") -> EpcisInvalid:
    first = faults[0]
    return EpcisInvalid(
        f"The document does not validate against {what} at {first.pointer or '/'}: {first.message}",
        pointer=first.pointer,
        faults=[{"pointer": f.pointer, "message": f.message} for f in faults[:20]],
    )


def decoded(body: bytes) -> Any:
    """The JSON of a request body; 400 when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        fault = SchemaFault("", f"the body is not JSON: {exc}")
        raise _invalid([fault], "JSON") from None


def _kind(document: Any) -> None:
    if not isinstance(document, dict):
        raise InvalidInput("Capture takes an EPCISDocument (a JSON object).", field="")
    kind = document.get("type")
    if kind == "EPCISQueryDocument":
        raise InvalidInput(
            "This is an EPCISQueryDocument, the answer to a query: capture takes an "
            "EPCISDocument. To capture the events it holds, send them as the eventList of an "
            "EPCISDocument's epcisBody.",
            field="type",
            code="query-document",
        )
    if kind != "EPCISDocument":
        raise InvalidInput(
            f"Capture takes an EPCISDocument (type {kind!r} was sent); send a single event to "
            "POST /v1/epcis/events.",
            field="type",
        )


def _event_list(document: dict[str, Any]) -> list[Any]:
    body = document.get("epcisBody")
    events = body.get("eventList") if isinstance(body, dict) else None
    if not isinstance(events, list):
        return []
    if len(events) > MAX_EVENTS:
        raise TooLarge(
            f"A capture holds at most {MAX_EVENTS} events ({len(events)} were sent); split the "
            "document.",
            field="epcisBody.eventList",
        )
    return events


def _located(raw: dict[str, Any], pointer: str, index: int, context: Any) -> Located:
    if context is not None and "@context" not in raw:
        raw = {"@context": context, **raw}  # the prefixes its extensions use travel with it
    try:
        return Located(parse_event(raw), pointer, index)
    except ValueError as exc:
        fault = {"pointer": pointer, "message": str(exc)}
        raise EpcisInvalid(f"{pointer}: {exc}", pointer=pointer, faults=[fault]) from None


def _refusal(raw: Any, exc: EpcisInvalid) -> CapturedEvent:
    event_id = str(raw.get("eventID", "")) if isinstance(raw, dict) else ""
    return CapturedEvent(event_id=event_id, status="refused", reason=exc.message,
                         code=exc.code, pointer=str(exc.extra["pointer"]))  # fmt: skip


def document_intake(document: Any, *, proceed: bool) -> Intake:
    """Check and parse an EPCISDocument; raises the document's refusal (4xx)."""
    _kind(document)
    events = _event_list(document)
    faults = schema_faults(document, limit=None)
    for index, raw in enumerate(events):
        if isinstance(raw, dict):
            faults += vocabulary_faults(raw, f"/epcisBody/eventList/{index}")
    by_event: dict[int, list[SchemaFault]] = defaultdict(list)
    for fault in faults:
        if not proceed or not (match := _IN_EVENT.match(fault.pointer)):
            raise _invalid(faults)
        by_event[int(match.group(1))].append(fault)
    intake = Intake()
    for index, raw in enumerate(events):
        pointer = f"/epcisBody/eventList/{index}"
        try:
            if by_event.get(index):
                raise _invalid(by_event[index])
            intake.batch.append(_located(raw, pointer, index, document.get("@context")))
        except EpcisInvalid as exc:
            if not proceed:
                raise
            intake.refused[index] = _refusal(raw, exc)
    return intake


def event_intake(event: Any) -> Intake:
    """Check and parse one bare event (EPCIS's single-event capture)."""
    if isinstance(event, dict) and event.get("type") in {"EPCISDocument", "EPCISQueryDocument"}:
        raise InvalidInput("Send a document to POST /v1/epcis/capture.", field="type")
    faults = schema_faults(event)
    if isinstance(event, dict):
        faults += vocabulary_faults(event, "")
    if faults:
        raise _invalid(faults)
    return Intake(batch=[_located(event, "", 0, None)])
