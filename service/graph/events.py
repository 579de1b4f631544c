"""EPCIS events in the graph: stored, linked to what they name, and found again.

    (:EpcisEvent {eventId, eventType, action, bizStep, disposition, eventTime, recordTime,
                  bizLocation, readPoint, transformationId, origin, json})
      -[:CONCERNS {field}]->(:Epc {uri})          every identifier, canonical (Digital Link)
      -[:RECORDS]->(:Document)                     the postings the event made (or tells)
      -[:FOR_TRANSACTION]->(:BizTransaction {type, id})

`json` is the event as the partner sent it (with its document's @context), so a query answers
with what was captured; `origin` is `capture` or `posting` (a native posting's own event).
"""

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.containment import LotRef, PackageRef, SerialRef
from service.domain.postings import Document, PostingResult
from service.epcis.events import Event, parse_event
from service.epcis.from_postings import PostingKeys, packing_event, posting_event
from service.epcis.query import EventQuery
from service.graph.cypher import cypher
from service.graph.store import Graph, Reader, rows, single


def _stored(event: Event, origin: str, documents: list[Document]) -> dict[str, Any]:
    props = {
        "eventId": event.event_id,
        "eventType": event.event_type,
        "action": event.action,
        "bizStep": event.biz_step,
        "disposition": event.disposition,
        "eventTime": event.event_time,
        "bizLocation": event.biz_location.canonical if event.biz_location else "",
        "readPoint": event.read_point.canonical if event.read_point else "",
        "transformationId": event.transformation_id,
        "origin": origin,
        # "type id" of each source and destination, for EQ_source_* / EQ_destination_*
        "sources": [f"{p.type} {p.id.canonical}" for p in event.sources],
        "destinations": [f"{p.type} {p.id.canonical}" for p in event.destinations],
        "json": json.dumps(event.raw, separators=(",", ":")),
    }
    named = {(name, identifier.canonical) for name, identifier in event.identifiers()}
    return {
        "props": props,
        "identifiers": [{"field": name, "uri": uri} for name, uri in sorted(named)],
        "documents": [{"kind": d.kind, "documentNo": d.document_no} for d in documents],
        "bizTransactions": [{"type": t, "id": i} for t, i in event.biz_transactions],
    }


async def create_events(
    tx: AsyncManagedTransaction,
    *,
    events: list[tuple[Event, list[Document]]],
    origin: str,
    at: datetime,
) -> None:
    """Store events, each with the documents it posted."""
    stored = [_stored(event, origin, documents) for event, documents in events]
    await rows(tx, cypher("epcis/create_events"), {"events": stored, "recordTime": at})


async def captured_events(
    tx: AsyncManagedTransaction, *, event_ids: list[str]
) -> dict[str, dict[str, Any]]:
    """The stored events among these eventIDs, by ID, as they were captured."""
    found = await rows(tx, cypher("epcis/get_captured_events"), {"eventIds": event_ids})
    return {row["eventId"]: json.loads(row["json"]) for row in found}


async def declare_error(
    tx: AsyncManagedTransaction, *, event_id: str, event: dict[str, Any]
) -> None:
    """Store an event's error declaration: the event as stored, with its errorDeclaration."""
    params = {"eventId": event_id, "json": json.dumps(event, separators=(",", ":"))}
    await rows(tx, cypher("epcis/declare_error"), params)


async def _keys(
    tx: AsyncManagedTransaction,
    *,
    item_nos: list[str],
    location_codes: list[str],
    customer_no: str | None = None,
    vendor_no: str | None = None,
) -> PostingKeys:
    params = {"itemNos": sorted(set(item_nos)), "locationCodes": sorted(set(location_codes)),
              "customerNo": customer_no, "vendorNo": vendor_no}  # fmt: skip
    row = await single(tx, cypher("epcis/get_posting_keys"), params)
    assert row is not None
    return PostingKeys(
        gtins={i["no"]: i["gtin"] for i in row["items"]},
        location_glns={loc["code"]: loc["gln"] for loc in row["locations"]},
        customer_gln=row["customerGln"],
        vendor_gln=row["vendorGln"],
    )


async def record_packing(
    tx: AsyncManagedTransaction,
    *,
    package_no: str,
    contents: Sequence[PackageRef | SerialRef | LotRef],
    unpack: bool,
    at: datetime,
) -> None:
    """Store the AggregationEvent of a packing or unpacking made through the native API."""
    if not contents:
        return
    item_nos = [c.item_no for c in contents if not isinstance(c, PackageRef)]
    keys = await _keys(tx, item_nos=item_nos, location_codes=[])
    raw = packing_event(package_no, list(contents), unpack=unpack, keys=keys, at=at)
    await create_events(tx, events=[(parse_event(raw), [])], origin="posting", at=at)


def posting_event_params(
    *, document: Document, result: PostingResult, keys: PostingKeys, at: datetime
) -> dict[str, Any]:
    """The parameters of `epcis/create_events` storing the EPCIS event a native posting stands
    for: the posting runs that file in its own write statement (the posting read the GS1 keys
    while it checked its references)."""
    event = parse_event(posting_event(document, result, keys))
    return {"events": [_stored(event, "posting", [document])], "recordTime": at}


def _answer(row: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(row["json"])
    record_time = row["recordTime"].to_native()
    event["recordTime"] = record_time.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return event


async def _find(tx: Reader, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [_answer(row) for row in await rows(tx, cypher("epcis/find_events"), params)]


async def find_events(
    graph: Graph, *, query: EventQuery, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The events answering the query, oldest first, as captured (with their recordTime)."""
    params = {**query.params(), "offset": offset, "limit": limit}
    return await graph.read(_find, params)


async def _of_documents(tx: Reader, document_nos: list[str], limit: int) -> list[dict[str, Any]]:
    params = {"documentNos": document_nos, "limit": limit}
    return [
        _answer(row) for row in await rows(tx, cypher("epcis/find_events_of_documents"), params)
    ]


async def events_of_documents(
    graph: Graph, *, document_nos: list[str], limit: int
) -> list[dict[str, Any]]:
    """The events that posted or tell these documents (a trace's or a recall's)."""
    return await graph.read(_of_documents, sorted(set(document_nos)), limit)
