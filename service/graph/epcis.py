"""EPCIS capture: each event stored, and what it does to our stock posted, in one transaction.

With the default error behaviour (`rollback`) the whole document captures or nothing does; with
`proceed` each event captures in its own transaction and the refused ones are reported. An event
whose eventID is captured already with the same content is skipped, so capturing a document twice
changes nothing; other content under a stored eventID is refused (409 event-id-reused), never
dropped.
"""

import asyncio
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from service.domain.postings import Document
from service.epcis.capture import CapturedEvent, CaptureResult, Located
from service.epcis.event_hash import content_digest
from service.epcis.events import Event
from service.epcis.mapping import Action, Directory, Packing, actions_for
from service.errors import Conflict, DomainError
from service.graph import containment, events, postings
from service.graph.cypher import cypher
from service.graph.store import Graph, single

# Events handled between two turns of the event loop (so /health answers during a big capture).
YIELD_EVERY = 200


def _keys(event: Event) -> dict[str, list[Any]]:
    named = [identifier for _, identifier in event.identifiers()]
    places = [event.biz_location, event.read_point]
    places += [p.id for p in event.sources + event.destinations]
    return {
        "gtins": sorted({i.gtin for i in named if i.gtin}),
        "glns": sorted({p.gln for p in places if p is not None and p.gln}),
        "serials": [{"gtin": i.gtin, "serialNo": i.serial} for i in named if i.kind == "sgtin"],
        "packageNos": sorted({i.sscc for i in named if i.sscc}),
    }


async def _our_gtins(tx: AsyncManagedTransaction, batch: list[Located]) -> set[str]:
    """Which GTINs the batch names are our items' (items are not created by a capture)."""
    gtins = sorted({gtin for located in batch for gtin in _keys(located.event)["gtins"]})
    if not gtins:
        return set()
    keys = {"gtins": gtins, "glns": [], "serials": [], "packageNos": []}
    row = await single(tx, cypher("epcis/get_directory"), keys)
    assert row is not None
    return {i["gtin"] for i in row["items"]}


async def _directory(tx: AsyncManagedTransaction, event: Event, ours: set[str]) -> Directory:
    keys = _keys(event)
    if not ours.intersection(keys["gtins"]) and not keys["packageNos"]:
        return Directory()  # names no item or package of ours: nothing to look up or post
    row = await single(tx, cypher("epcis/get_directory"), keys)
    assert row is not None
    return Directory(
        items={i["gtin"]: i["no"] for i in row["items"]},
        locations={loc["gln"]: loc["code"] for loc in row["locations"]},
        customers={c["gln"]: c["no"] for c in row["customers"]},
        vendors={v["gln"]: v["no"] for v in row["vendors"]},
        serial_lots={(s["itemNo"], s["serialNo"]): s["lotNo"] or "" for s in row["serialLots"]},
        packages=set(row["packages"]),
    )


async def _apply(
    tx: AsyncManagedTransaction, graph: Graph, action: Action, event_id: str, at: datetime
) -> Document | None:
    user = f"epcis {event_id}"[:100]
    if isinstance(action, Packing):
        if action.unpack_all:
            await containment.unpack_all(tx, package_no=action.package_no, user=user, at=at)
        elif action.unpack:
            await containment.unpack(tx, package_no=action.package_no, contents=action.contents,
                                     user=user, at=at)  # fmt: skip
        else:
            await containment.pack(tx, package_no=action.package_no, contents=action.contents,
                                   user=user, at=at)  # fmt: skip
        return None
    await postings.post_in_transaction(tx, graph=graph, document=action, at=at, as_event=False)
    return action


def _at_event(exc: DomainError, located: Located) -> DomainError:
    """The refusal, pointing at the event (and its field) in the submitted document."""
    errors = exc.extra.get("errors") or [{}]
    field = str(errors[0].get("field", "")).replace(".", "/")
    in_event = field and field.split("/")[0] in located.event.raw  # not a posting line's field
    exc.extra["pointer"] = located.pointer + (f"/{field}" if in_event else "")
    exc.extra["eventID"] = located.event.event_id
    exc.message = f"Event {located.pointer}: {exc.message}"
    exc.args = (exc.message,)
    return exc


def _same_content(located: Located, stored: dict[str, Any]) -> None:
    """A stored eventID sent again must say the same; an ID that is the event's CBV hash does
    by definition (the hash is taken over the content, whatever its notation)."""
    event = located.event
    said = {k: v for k, v in stored.items() if k != "errorDeclaration"}
    says = {k: v for k, v in event.raw.items() if k != "errorDeclaration"}
    if not event.hashed_id and content_digest(said) != content_digest(says):
        raise _at_event(
            Conflict(
                f"eventID {event.event_id} is captured already with other content; an event "
                "cannot be changed under its ID: send a corrective event (errorDeclaration) "
                "with a new eventID.",
                code="event-id-reused",
            ),
            located,
        )


async def _capture(
    tx: AsyncManagedTransaction, graph: Graph, batch: list[Located], at: datetime
) -> list[CapturedEvent]:
    ids = [located.event.event_id for located in batch]
    seen: set[str] = set()
    for located in batch:
        declares = "errorDeclaration" in located.event.raw
        if located.event.event_id in seen and not declares:
            raise _at_event(Conflict(f"eventID {located.event.event_id} appears twice.",
                                     code="duplicate-event"), located)  # fmt: skip
        seen.add(located.event.event_id)
    done = await events.captured_events(tx, event_ids=ids)
    ours = await _our_gtins(tx, batch)
    answers = []
    created: dict[str, tuple[Event, list[Document]]] = {}
    for position, located in enumerate(batch):
        if position % YIELD_EVERY == YIELD_EVERY - 1:
            await asyncio.sleep(0)  # events that need no query would hold the loop throughout
        event = located.event
        earlier = created.get(event.event_id)
        if event.event_id in done or earlier is not None:
            stored = done[event.event_id] if earlier is None else earlier[0].raw
            _same_content(located, stored)
            declaration = event.raw.get("errorDeclaration")
            if declaration is None or stored.get("errorDeclaration") == declaration:
                answers.append(CapturedEvent(event_id=event.event_id, status="already_captured"))
                continue
            # An error declaration of an event (CBV 2.0: the same eventID, errorDeclaration
            # added): the stored event keeps what it posted and carries the declaration.
            declared = {**stored, "errorDeclaration": event.raw["errorDeclaration"]}
            if earlier is not None:
                earlier[0].raw = declared
            else:
                await events.declare_error(tx, event_id=event.event_id, event=declared)
            answers.append(CapturedEvent(event_id=event.event_id, status="error_declared"))
            continue
        try:
            actions = actions_for(event, await _directory(tx, event, ours))
            applied = [await _apply(tx, graph, a, event.event_id, at) for a in actions]
            posted = [doc for doc in applied if doc is not None]
        except DomainError as exc:
            raise _at_event(exc, located) from None
        created[event.event_id] = (event, posted)
        answers.append(
            CapturedEvent(
                event_id=event.event_id,
                status="captured",
                documents=[f"{d.kind}/{d.document_no}" for d in posted],
                packages=[a.package_no for a in actions if isinstance(a, Packing)],
            )
        )
    # Stored together, after every posting (an event's RECORDS edges need its documents).
    pending = list(created.values())
    for start in range(0, len(pending), YIELD_EVERY):
        chunk = pending[start : start + YIELD_EVERY]
        await events.create_events(tx, events=chunk, origin="capture", at=at)
    return answers


async def _write(graph: Graph, batch: list[Located], at: datetime) -> list[CapturedEvent]:
    try:
        return await graph.write(_capture, graph, batch, at)
    except ConstraintError:
        # The same event captured concurrently: once it committed, this run sees it as done.
        return await graph.write(_capture, graph, batch, at)


async def capture(
    graph: Graph, *, batch: list[Located], at: datetime, proceed: bool = False
) -> CaptureResult:
    """Capture the events: all or nothing (raises the first refusal), or with `proceed` each
    on its own, the refused ones reported with their reason."""
    if not proceed:
        return CaptureResult.of(await _write(graph, batch, at))
    answers: list[CapturedEvent] = []
    for located in batch:
        try:
            answers.extend(await _write(graph, [located], at))
        except DomainError as exc:
            answers.append(
                CapturedEvent(
                    event_id=located.event.event_id,
                    status="refused",
                    reason=exc.message,
                    code=exc.code,
                    pointer=str(exc.extra.get("pointer", located.pointer)),
                )
            )
    return CaptureResult.of(answers)
