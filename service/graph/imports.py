"""Imports: Business Central ledger exports and EPCIS documents, each document posted through the
same engine as `POST /v1/postings` and `POST /v1/epcis/capture`, in its own transaction, whole
or not at all.

A Business Central document posts with the idempotency key `bc-import/<kind>/<document no.>`,
so importing the same file again replays instead of posting twice ("already imported"), and a
changed document under a number already imported is refused.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field

from service.domain.imports import ImportDocument, refused_earlier
from service.domain.items import Item
from service.epcis.capture import CaptureResult, Located
from service.epcis.intake import document_intake
from service.errors import DomainError, NotFound
from service.graph import epcis, items, postings
from service.graph.store import Graph

Outcome = Literal["posted", "already imported", "refused"]


class DocumentOutcome(BaseModel):
    """What became of one document of an import."""

    kind: str
    document_no: str
    lines: list[int]
    outcome: Outcome
    entries: int = 0
    events: int = 0
    reason: str | None = None
    code: str | None = None
    because_of: str | None = Field(
        default=None,
        description="An earlier refused document of the import with numbers this one names: "
        "its refusal likely follows from that one",
    )


def import_key(document: ImportDocument) -> str:
    return f"bc-import/{document.kind}/{document.document_no}"


async def missing_items(graph: Graph, *, item_nos: list[str]) -> list[str]:
    missing = []
    for no in sorted(set(item_nos)):
        try:
            await items.get_item(graph, no=no)
        except NotFound:
            missing.append(no)
    return missing


async def create_plain_items(graph: Graph, *, item_nos: list[str]) -> list[str]:
    """Create the missing items with no item tracking code (`--create-items`); returns them."""
    created = await missing_items(graph, item_nos=item_nos)
    for no in created:
        await items.create_item(graph, item=Item(no=no, description="Created by import"))
    return created


async def import_document(graph: Graph, *, document: ImportDocument) -> DocumentOutcome:
    """Post one document of a ledger export; a refusal is reported, never raised."""
    base = DocumentOutcome(kind=document.kind or "?", document_no=document.document_no,
                           lines=document.lines, outcome="refused")  # fmt: skip
    if document.document is None:
        return base.model_copy(update={"reason": document.reason, "code": "unreadable"})
    try:
        result, replayed = await postings.post_document(
            graph, document=document.document, idempotency_key=import_key(document)
        )
    except DomainError as exc:
        return base.model_copy(update={"reason": exc.message, "code": exc.code})
    return base.model_copy(update={
        "outcome": "already imported" if replayed else "posted", "entries": len(result.entries),
    })  # fmt: skip


async def import_documents(
    graph: Graph,
    *,
    documents: list[ImportDocument],
    create_items: bool,
    advance: Callable[[DocumentOutcome], None] = lambda _: None,
) -> tuple[list[str], list[DocumentOutcome]]:
    """Post every document in order; returns the items created and each document's outcome."""
    item_nos = [no for d in documents if d.document is not None for no in d.item_nos]
    created = await create_plain_items(graph, item_nos=item_nos) if create_items else []
    outcomes = []
    refused: dict[tuple[str, str], str] = {}
    for document in documents:
        outcome = await import_document(graph, document=document)
        if outcome.outcome == "refused":
            earlier = refused_earlier(document.numbers, refused)
            if earlier is not None:
                outcome = outcome.model_copy(update={
                    "because_of": earlier,
                    "reason": f"{outcome.reason} (after {earlier} was refused above, which names "
                    "the same numbers: fix that one first)",
                })  # fmt: skip
            for item_no, *named in document.numbers:
                for no in named:
                    if no:
                        refused.setdefault((item_no, no), document.document_no)
        outcomes.append(outcome)
        advance(outcome)
    return created, outcomes


def epcis_events(document: Any) -> list[Located]:
    """The events of an EPCISDocument, checked as capture checks them; EpcisInvalid,
    InvalidInput or TooLarge when it is not one we can capture."""
    return document_intake(document, proceed=False).batch


async def import_epcis(graph: Graph, *, document: Any) -> CaptureResult:
    """Capture one EPCISDocument whole (GS1's `rollback` behaviour); raises when refused."""
    return await epcis.capture(
        graph, batch=epcis_events(document), at=dt.datetime.now(dt.UTC), proceed=False
    )
