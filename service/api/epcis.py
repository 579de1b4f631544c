"""GS1 EPCIS 2.0: capture documents and single events, and query events (REST bindings).

POST /v1/epcis/capture   an EPCISDocument (JSON-LD, or XML: application/xml), validated against
                         GS1's schema (XSD for XML), captured whole or with `proceed` event by event
POST /v1/epcis/events    one bare event (EPCIS's single-event capture)
GET  /v1/epcis/events    the events answering the query, as an EPCISQueryDocument (XML on
                         Accept: application/xml)
"""

import base64
import binascii
import datetime as dt
import json
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Depends, Header, Query, Request, Response, status

from service.api.bodies import OffLoopJsonRoute
from service.api.deps import GraphDep
from service.epcis.capture import CaptureResult
from service.epcis.export import JSON_LD, query_document
from service.epcis.intake import MAX_BYTES, Intake, decoded, document_intake, event_intake
from service.epcis.query import QueryError, parse_query
from service.epcis.xml_binding import XmlInvalid, document_from_xml, query_document_xml
from service.errors import EpcisInvalid, InvalidInput, NotFound, TooLarge
from service.graph import epcis, events

# The versions every EPCIS answer names (EPCIS 2.0 REST bindings, section 12.2.3).
GS1_HEADERS = {"GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0", "GS1-Extensions": ""}


async def _gs1_headers(response: Response) -> None:
    response.headers.update(GS1_HEADERS)


router = APIRouter(
    prefix="/v1/epcis",
    tags=["epcis"],
    dependencies=[Depends(_gs1_headers)],
    route_class=OffLoopJsonRoute,
)
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
    413: {"description": "More events or bytes than one capture takes: split the document"},
    409: {"description": "An event contradicts our stock (an item tracking rule refuses it)"},
    422: {"description": "An event names our items without what a posting needs"},
}


async def _body(request: Request) -> bytes:
    """The request body, refused unread when it says it is larger than capture takes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise TooLarge(f"A capture takes at most {MAX_BYTES // 2**20} MiB; split the document.",
                       field="body")  # fmt: skip
    body = await request.body()
    if len(body) > MAX_BYTES:
        raise TooLarge(f"A capture takes at most {MAX_BYTES // 2**20} MiB; split the document.",
                       field="body")  # fmt: skip
    return body


XML_TYPES = ("application/xml", "text/xml")


def _is_xml(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip() in XML_TYPES


def _from_xml(body: bytes) -> dict[str, Any]:
    try:
        return document_from_xml(body)
    except XmlInvalid as exc:
        where = f" (line {exc.line})" if exc.line else ""
        fault = {"pointer": "", "message": f"{exc}{where}"}
        raise EpcisInvalid(
            f"The XML document is refused{where}: {exc}", pointer="", faults=[fault]
        ) from None


def _document_intake(body: bytes, proceed: bool, xml: bool) -> Intake:
    return document_intake(_from_xml(body) if xml else decoded(body), proceed=proceed)


def _event_intake(body: bytes) -> Intake:
    return event_intake(decoded(body))


CAPTURE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {JSON_LD: {"schema": {"type": "object"}},
                    "application/json": {"schema": {"type": "object"}},
                    "application/xml": {"schema": {"type": "string"}}},
    }
}  # fmt: skip


@router.post(
    "/capture", status_code=status.HTTP_201_CREATED, responses=RESPONSES,
    openapi_extra=CAPTURE_BODY,
)  # fmt: skip
async def capture(
    graph: GraphDep, request: Request, behaviour: ErrorBehaviour = "rollback"
) -> CaptureResult:
    """Capture an EPCISDocument: each event stored (idempotent by eventID; other content under a
    stored eventID is refused), and what it does to our items' stock posted through the same
    rules as `POST /v1/postings`. The document is checked (size, kind, event count, then GS1's
    schema, formats and CBV vocabularies) in a worker thread."""
    body = await _body(request)
    proceed = behaviour == "proceed"
    intake = await anyio.to_thread.run_sync(_document_intake, body, proceed, _is_xml(request))
    result = await epcis.capture(
        graph, batch=intake.batch, at=dt.datetime.now(dt.UTC), proceed=proceed
    )
    return CaptureResult.of(intake.merged(result.events))


@router.post(
    "/events", status_code=status.HTTP_201_CREATED, responses=RESPONSES,
    openapi_extra=CAPTURE_BODY,
)  # fmt: skip
async def capture_event(graph: GraphDep, request: Request) -> CaptureResult:
    """Capture one event, sent bare (not inside an EPCISDocument)."""
    intake = await anyio.to_thread.run_sync(_event_intake, await _body(request))
    return await epcis.capture(graph, batch=intake.batch, at=dt.datetime.now(dt.UTC))


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


@router.get("/events", responses={200: {"content": {JSON_LD: {}, "application/xml": {}}}})
async def query_events(
    graph: GraphDep,
    request: Request,
    per_page: Annotated[int, Query(alias="perPage", ge=1, le=1000)] = 30,
    next_page_token: Annotated[str | None, Query(alias="nextPageToken", max_length=200)] = None,
) -> Response:
    """Events answering EPCIS query parameters, oldest first: `eventType`, `MATCH_epc`,
    `MATCH_anyEPC`, `MATCH_epcClass`, `MATCH_parentID` (and the input/output variants),
    `EQ_bizStep`, `EQ_bizLocation`, `EQ_action`, `EQ_disposition`, `EQ_readPoint`,
    `EQ_eventID`, `EQ_transformationID`, `EQ_bizTransaction_{type}`, `EQ_source_{type}`,
    `EQ_destination_{type}`, `GE_/LT_eventTime`, `GE_/LT_recordTime`; values pipe-delimited;
    `orderBy` (eventTime, recordTime), `orderDirection` (ASC, DESC), `eventCountLimit`,
    `maxEventCount` (413 when more events answer). Any other parameter is refused, naming it.
    Captured events and native postings alike. A `Link` header (rel="next") pages on."""
    filters = {k: v for k, v in request.query_params.items()
               if k not in {"perPage", "nextPageToken"}}  # fmt: skip
    try:
        query = parse_query(filters)
    except QueryError as exc:
        raise InvalidInput(str(exc), field=exc.parameter) from None
    if query.max_event_count is not None:
        limit = query.max_event_count + 1
        matching = await events.find_events(graph, query=query, offset=0, limit=limit)
        if len(matching) > query.max_event_count:
            raise TooLarge(
                f"More than maxEventCount={query.max_event_count} events answer this query; "
                "narrow it, or page with perPage and nextPageToken.",
                field="maxEventCount",
            )
    offset = _offset(next_page_token)
    page = per_page
    if query.event_count_limit is not None:  # the answer ends after that many events
        page = max(0, min(per_page, query.event_count_limit - offset))
    found = await events.find_events(graph, query=query, offset=offset, limit=page + 1)
    if query.event_count_limit is not None and offset + page >= query.event_count_limit:
        found = found[:page]
    headers = dict(GS1_HEADERS)
    if len(found) > page:
        url = request.url.include_query_params(nextPageToken=_token(offset + page))
        # A relative reference: the Host header is the caller's to send, not ours to repeat.
        headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'
    return _answer(request, query_document(found[:page]), headers)


def _answer(request: Request, answer: dict[str, Any], headers: dict[str, str]) -> Response:
    if _wants_xml(request):
        return Response(query_document_xml(answer), media_type="application/xml", headers=headers)
    return Response(json.dumps(answer), media_type=JSON_LD, headers=headers)


@router.get("/events/{event_id:path}", responses={200: {"content": {JSON_LD: {}}}, 404: {}})
async def get_event(graph: GraphDep, request: Request, event_id: str) -> Response:
    """One event by its eventID (URL-encoded: `urn%3Auuid%3A...`), as an EPCISQueryDocument."""
    found = await events.find_events(
        graph, query=parse_query({"EQ_eventID": event_id}), offset=0, limit=1
    )
    if not found:
        raise NotFound(f"No event has eventID {event_id}.", code="event-not-found")
    return _answer(request, query_document(found), dict(GS1_HEADERS))


def _options(allow: str) -> Response:
    return Response(status_code=204, headers={"Allow": allow, **GS1_HEADERS})


@router.options("/capture", status_code=204)
async def capture_options() -> Response:
    """What /capture answers, and the EPCIS and CBV versions (REST bindings' OPTIONS)."""
    return _options("OPTIONS, POST")


@router.options("/events", status_code=204)
async def events_options() -> Response:
    """What /events answers, and the EPCIS and CBV versions (REST bindings' OPTIONS)."""
    return _options("OPTIONS, GET, POST")


def _wants_xml(request: Request) -> bool:
    """XML when the client's Accept prefers it to JSON (JSON-LD when it names neither)."""
    accept = request.headers.get("accept", "")
    kinds = [part.split(";")[0].strip() for part in accept.split(",")]
    xml = min((kinds.index(k) for k in XML_TYPES if k in kinds), default=None)
    json_kinds = [kinds.index(k) for k in (JSON_LD, "application/json") if k in kinds]
    return xml is not None and (not json_kinds or xml < min(json_kinds))
