"""Item Tracing, as Business Central's page shows it, without its depth cap or its gaps.

A trace is a tree of ledger entries: each row has a level and a parent. Origin -> usage follows
where stock went (applications, transfers, returns naming their sale, production and assembly
outputs); usage -> origin follows where it came from (applications, transfers, the sale a return
reverses, and the components an output consumed, as `show_components` says). Each entry
appears once: the walk is safe on cycles and has no depth limit.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple, get_args

from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from service.domain.postings import DocumentKind, EntryType

TraceMethod = Literal["usage-to-origin", "origin-to-usage"]
ShowComponents = Literal["no", "item-tracked-only", "all"]
Via = Literal["start", "applied", "transferred", "returned", "produced", "component"]


class Step(NamedTuple):
    """Where a walk reached an entry: its level, the entry it came through, and how."""

    entry_no: int
    level: int
    parent_entry_no: int | None
    via: Via


Flow = Mapping[int, Sequence[tuple[int, Via]]]
"""Entry number -> the entries one step on from it, each with how the stock moved."""


def walk(start: Iterable[int], flow: Flow, seen: set[int]) -> list[Step]:
    """Breadth-first from the `start` entries over `flow`, skipping (and adding to) `seen`:
    each entry once, at the first level it is reached, under its lowest-numbered parent of the
    level before; safe on cycles, with no depth limit."""
    found = [Step(no, 1, None, "start") for no in sorted(set(start)) if no not in seen]
    frontier = [step.entry_no for step in found]
    seen.update(frontier)
    level = 1
    while frontier:
        level += 1
        reached = []
        for parent in sorted(frontier):
            children = flow.get(parent)
            if not children:
                continue  # (most entries: a sale, a consumption)
            for child, via in sorted(children) if len(children) > 1 else children:
                if child not in seen:
                    seen.add(child)
                    reached.append(child)
                    found.append(Step(child, level, parent, via))
        frontier = reached
    return found


class TraceRow(TypedDict):
    """A row of a trace, as Business Central's Item Tracing shows it (with its Item Description,
    Source Name, Created by: the API key or user that posted the document, and Created on: when
    it was posted). A plain dict (as are the graph's nodes): a long trace has tens of thousands,
    which a model would take twice as long to build."""

    level: int
    parent_entry_no: int | None
    via: Via
    entry_no: int
    entry_type: EntryType
    document_kind: DocumentKind
    document_no: str
    posting_date: dt.date
    item_no: str
    variant_code: str
    serial_no: str
    lot_no: str
    package_no: str
    location_code: str
    source_type: str
    source_no: str
    quantity: float
    remaining_quantity: float
    item_description: str
    source_name: str
    created_by: str
    created_on: dt.datetime | None


class TraceNode(TypedDict):
    """A node for graph viewers. A plain dict (as is `TraceRelationship`): a long trace has tens
    of thousands, which a model would take twice as long to build and serialise."""

    id: str
    labels: list[str]
    properties: dict[str, str | int | float | bool | None]


class TraceRelationship(TypedDict):
    source: str
    target: str
    type: str


class TraceGraph(BaseModel):
    nodes: list[TraceNode]
    relationships: list[TraceRelationship]


class Trace(BaseModel):
    method: TraceMethod
    show_components: ShowComponents
    rows: list[TraceRow]
    packages: list[str] = Field(description="Packages the traced numbers travelled in")
    graph: TraceGraph | None = Field(
        description="The rows as nodes and relationships, for graph viewers; null when asked "
        "for without it (`graph=false`)"
    )
    total_rows: int = Field(default=0, description="Rows in the whole trace, over all pages")
    next_offset: int | None = Field(
        default=None, description="Ask again with this offset for the rows after this page"
    )


# Shared by every node of a trace graph (a long trace has tens of thousands): every node is an
# entry. Never changed.
_ENTRY_LABELS = ["ItemLedgerEntry"]
_TYPES: dict[str, str] = {via: via.upper() for via in get_args(Via)}


def trace_graph(rows: list[TraceRow], method: TraceMethod) -> TraceGraph:
    """The rows as nodes and relationships, for graph viewers: entries, and the flow between.
    Built from rows already valid, so without validating each node again."""
    nodes: list[TraceNode] = [
        {
            "id": f"entry:{r['entry_no']}",
            "labels": _ENTRY_LABELS,
            "properties": {
                "entryNo": r["entry_no"],
                "entryType": r["entry_type"],
                "itemNo": r["item_no"],
                "serialNo": r["serial_no"],
                "lotNo": r["lot_no"],
                "documentNo": r["document_no"],
                "quantity": r["quantity"],
                "sourceNo": r["source_no"],
            },
        }
        for r in rows
    ]
    forward = method == "origin-to-usage"
    relationships: list[TraceRelationship] = [
        {
            "source": f"entry:{r['parent_entry_no']}" if forward else f"entry:{r['entry_no']}",
            "target": f"entry:{r['entry_no']}" if forward else f"entry:{r['parent_entry_no']}",
            "type": _TYPES[r["via"]],
        }
        for r in rows
        if r["parent_entry_no"] is not None
    ]
    return TraceGraph.model_construct(nodes=nodes, relationships=relationships)
