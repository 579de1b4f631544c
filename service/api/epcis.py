"""GS1 EPCIS 2.0: capture documents and single events, and query events (REST bindings).

POST /v1/epcis/capture   an EPCISDocument, validated against GS1's schema, captured whole
POST /v1/epcis/events    one bare event (EPCIS's single-event capture)
GET  /v1/epcis/events    the events answering the query, as an EPCISQueryDocument
"""

import base64
import binascii
import datetime as dt
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Query, Request, Response, status

from service.api.bodies import OffLoopJsonRoute
from service.api.deps import GraphDep
from service.epcis.capture import CaptureResult
from service.epcis.events import parse_event
from service.epcis.export import JSON_LD, query_document
from service.epcis.query import QueryError, parse_query
from service.epcis.validation import schema_faults
from service.errors import EpcisInvalid, InvalidInput
from service.graph import epcis, events
from service.graph.epcis import Located

router = APIRouter(prefix="/v1/epcis", tags=["epcis"], route_class=OffLoopJsonRoute)
MAX_EVENTS = 10_000
ErrorBehaviour = Annotated[
    Literal["rollback", "proceed"],
    Header(
        alias="GS1-Capture-Error-Behaviour",
        description="rollback: all events or none (default); proceed: capture the good ones and "
        "report the refused",
    ),
]
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "GS1's schema refuses the document; `pointer` names the fault"},
    409: {"description": "An event contradicts our stock (an item tracking rule refuses it)"},
    422: {"description": "An event names our items without what a posting needs"},
}


def _validated(body: object) -> None:
    faults = schema_faults(body)
    if faults:
        first = faults[0]
        raise EpcisInvalid(
            f"The document does not validate against GS1's EPCIS 2.0 schema at "
            f"{first.pointer or '/'}: {first.message}",
            pointer=first.pointer,
            faults=[{"pointer": f.pointer, "message": f.message} for f in faults],
        )


def _located(raw: dict[str, Any], pointer: str, context: Any) -> Located:
    if context is not None and "@context" not in raw:
        raw = {"@context": context, **raw}  # the prefixes its extensions use travel with it
    try:
        return Located(parse_event(raw), pointer)
    except ValueError as exc:
        fault = {"pointer": pointer, "message": str(exc)}
        raise EpcisInvalid(f"{pointer}: {exc}", pointer=pointer, faults=[fault]) from None


@router.post("/capture", status_code=status.HTTP_201_CREATED, responses=RESPONSES)
async def capture(
    graph: GraphDep,
    document: Annotated[dict[str, Any], Body(media_type=JSON_LD)],
    behaviour: ErrorBehaviour = "rollback",
) -> CaptureResult:
    """Capture an EPCISDocument: each event stored (idempotent by eventID), and what it does to
    our items' stock posted through the same rules as `POST /v1/postings`."""
    _validated(document)
    if document.get("type") != "EPCISDocument":
        raise InvalidInput(
            "Capture takes an EPCISDocument; send a single event to POST /v1/epcis/events.",
            field="type",
        )
    body = document.get("epcisBody") or {}
    event_list = body.get("eventList") or []
    if len(event_list) > MAX_EVENTS:
        raise InvalidInput(
            f"A capture holds at most {MAX_EVENTS} events; split the document.",
            field="epcisBody.eventList",
        )
    batch = [
        _located(raw, f"/epcisBody/eventList/{index}", document.get("@context"))
        for index, raw in enumerate(event_list)
    ]
    return await epcis.capture(
        graph, batch=batch, at=dt.datetime.now(dt.UTC), proceed=behaviour == "proceed"
    )


@router.post("/events", status_code=status.HTTP_201_CREATED, responses=RESPONSES)
async def capture_event(
    graph: GraphDep, event: Annotated[dict[str, Any], Body(media_type=JSON_LD)]
) -> CaptureResult:
    """Capture one event, sent bare (not inside an EPCISDocument)."""
    _validated(event)
    if event.get("type") in {"EPCISDocument", "EPCISQueryDocument"}:
        raise InvalidInput("Send a document to POST /v1/epcis/capture.", field="type")
    return await epcis.capture(graph, batch=[_located(event, "", None)], at=dt.datetime.now(dt.UTC))


MAX_OFFSET = 1_000_000_000


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        value = json.loads(base64.urlsafe_b64decode(token.encode()))["offset"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidInput(
            "nextPageToken is not one this repository gave.", field="nextPageToken"
        ) from None
    if type(value) is not int or not 0 <= value <= MAX_OFFSET:  # not bool, not past SKIP's range
        raise InvalidInput("nextPageToken is not one this repository gave.", field="nextPageToken")
    return value


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


@router.get("/events", responses={200: {"content": {JSON_LD: {}}}})
async def query_events(
    graph: GraphDep,
    request: Request,
    per_page: Annotated[int, Query(alias="perPage", ge=1, le=1000)] = 30,
    next_page_token: Annotated[str | None, Query(alias="nextPageToken", max_length=200)] = None,
) -> Response:
    """Events answering EPCIS query parameters, oldest first: `eventType`, `MATCH_epc`,
    `MATCH_anyEPC`, `MATCH_epcClass`, `MATCH_parentID` (and the input/output variants),
    `EQ_bizStep`, `EQ_bizLocation`, `EQ_action`, `EQ_disposition`, `EQ_readPoint`,
    `EQ_eventID`, `GE_/LT_eventTime`, `GE_/LT_recordTime`; values pipe-delimited. Captured
    events and native postings alike. A `Link` header (rel="next") pages on."""
    filters = {k: v for k, v in request.query_params.items()
               if k not in {"perPage", "nextPageToken"}}  # fmt: skip
    try:
        query = parse_query(filters)
    except QueryError as exc:
        raise InvalidInput(str(exc), field=exc.parameter) from None
    offset = _offset(next_page_token)
    found = await events.find_events(graph, query=query, offset=offset, limit=per_page + 1)
    headers = {}
    if len(found) > per_page:
        # A relative reference: the Host header is the caller's to send, not ours to repeat.
        url = request.url.include_query_params(nextPageToken=_token(offset + per_page))
        headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'
    return Response(
        json.dumps(query_document(found[:per_page])), media_type=JSON_LD, headers=headers
    )
