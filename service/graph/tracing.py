"""Tracing: the reachable entries, the steps between them (numbers only) and the packages in one
Cypher statement, the breadth-first levels in Python (`domain.tracing.walk`); the entries' fields
in that same statement for a short trace or an answer holding every row (`entries_up_to`),
else for just the rows answered in one more."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from service.domain.fsma import FsmaSheets
from service.domain.numbers import FIELDS, NumberKind, is_filter
from service.domain.tracing import (
    Flow,
    ShowComponents,
    Step,
    Trace,
    TraceMethod,
    TraceRow,
    Via,
    trace_graph,
    walk,
)
from service.graph import numbers
from service.graph.cypher import chained, cypher
from service.graph.fsma import sheets_in_transaction
from service.graph.store import Graph, Reader, record, value

EAGER_ENTRIES = 1000
"""A walk reaching at most this many entries reads their fields in the same statement."""
ALL_ENTRIES = 2**62
"""No bound: every reached entry's fields, whatever the walk's size."""
TRACE_STATEMENT = chained("tracing/find_trace_start", "tracing/get_flow", "entryNos")
"""A trace's start, reach, steps, packages (and, up to `entriesUpTo`, entries): one round trip."""


class TraceFilter(BaseModel):
    serial_no: str | None = None
    lot_no: str | None = None
    package_no: str | None = None
    item_no: str | None = None
    variant_code: str | None = None
    from_date: dt.date | None = None
    to_date: dt.date | None = None


def entries_up_to(offset: int, limit: int | None) -> int:
    """The most entries a walk may reach and still have their fields read in its own statement,
    for an answer of the rows from `offset`, at most `limit` (all when None). From the first row,
    a page that holds every row the walk reaches needs every entry's fields, so they come with
    the walk (one round trip, not a second statement finding each entry again by its number);
    otherwise only a short walk's come with it, and the rest are read for just the rows
    answered."""
    if offset > 0:
        return EAGER_ENTRIES
    return ALL_ENTRIES if limit is None else max(EAGER_ENTRIES, limit)


async def start_entries(tx: Reader, where: TraceFilter, method: TraceMethod) -> list[int]:
    """The entry numbers a trace of `where` starts from; a 404 for a number that names
    nothing (`named`)."""
    params = await _start_params(tx, where, method)
    found: list[int] = await value(tx, cypher("tracing/find_trace_start"), params)
    if not found:
        await named(tx, where)
    return sorted(found)


async def _start_params(tx: Reader, where: TraceFilter, method: TraceMethod) -> dict[str, Any]:
    """The start's parameters: each number named as a list of the numbers it stands for (a
    filter expression's matches, read now; a 404 when it matches none)."""
    item_nos = await _numbers(tx, "item", where.item_no, None)
    return {
        "serialNos": await _numbers(tx, "serial", where.serial_no, item_nos),
        "lotNos": await _numbers(tx, "lot", where.lot_no, item_nos),
        "packageNos": await _numbers(tx, "package", where.package_no, None),
        "itemNos": item_nos, "variantCode": where.variant_code,
        "fromDate": where.from_date, "toDate": where.to_date,
        "forward": method == "origin-to-usage",
    }  # fmt: skip


async def _numbers(
    tx: Reader, kind: NumberKind, text: str | None, item_nos: list[str] | None
) -> list[str] | None:
    if text is None:
        return None
    if not is_filter(text):
        return [text]
    return await numbers.resolve(tx, kind, text, FIELDS[kind], item_nos)


async def named(tx: Reader, where: TraceFilter) -> None:
    """A 404 for the first number of `where` that names nothing (of its item, when one is
    named): a trace or recall that starts from no entry says why, unless its numbers exist
    (and just have no entries in its dates)."""
    item_no = where.item_no if where.item_no and not is_filter(where.item_no) else None
    asked: list[tuple[NumberKind, str | None, str | None]] = [
        ("item", item_no, None), ("serial", where.serial_no, item_no),
        ("lot", where.lot_no, item_no), ("package", where.package_no, None),
    ]  # fmt: skip
    for kind, text, of_item in asked:
        if text is not None and not is_filter(text):
            missing = await numbers.unknown(tx, kind, text, of_item)
            if missing is not None:
                raise missing


def _flow(found: list[list[Any]], components: ShowComponents) -> Flow:
    """The steps out of each reached entry, as `get_flow` lists them (a relationship's type and
    where it leads), that the trace follows, as Business Central's NextLevel and FindComponents
    do: backward from an output, the components `components` admits (none for `no`, those with
    a number for `item-tracked-only`, all for `all`); forward from a consumption, its order's
    outputs (those with a number, or all for `all`) and, unless `no`, its order's other
    consumption (as backward). Entries without a number have no steps (`get_flow`). Entries with
    nothing to follow (most entries of a forward trace) are left out."""

    def admitted(found: list[list[Any]], *, outputs: bool = False) -> list[int]:
        if components == "no" and not outputs:
            return []
        return [n for n, tracked in found if tracked or components == "all"]

    flow: dict[int, list[tuple[int, Via]]] = {}
    for entry_no, found_steps in found:
        steps: list[tuple[int, Via]] = []
        for relationship, leads_to in found_steps:
            if relationship == "APPLIED_TO":
                steps.append((leads_to, "applied"))
            elif relationship == "TRANSFERRED_FROM":
                steps.append((leads_to, "transferred"))
            elif relationship == "APPLIED_FROM":  # a return and the outbound entry it reverses
                steps.append((leads_to, "returned"))
            elif relationship == "CONSUMED":  # forward: the order's outputs and other components
                outputs, siblings = leads_to
                steps += [(n, "produced") for n in admitted(outputs, outputs=True)]
                steps += [(n, "component") for n in admitted(siblings)]
            else:  # OUTPUT_OF, backward: the order's components
                steps += [(n, "component") for n in admitted(leads_to)]
        if steps:
            flow[entry_no] = steps
    return flow


@dataclass(frozen=True)
class _Reach:
    """A walk: its steps, the packages the numbers of its rows travelled in, and (when its statement
    read them, `entries_up_to`) the entries' fields by entry number."""

    steps: list[Step]
    packages: list[str]
    entries: "_Entries | None"


@dataclass(frozen=True)
class _Entries:
    """Entries' fields as `get_trace_entries` (or `get_flow`) lists them, by entry number, and
    their documents' (by kind and number) and items' (by number)."""

    by_no: dict[int, list[Any]]
    documents: dict[tuple[str, str], list[Any]]
    items: dict[str, str]

    @classmethod
    def of(cls, found: dict[str, Any]) -> "_Entries":
        return cls(
            {e[0]: e for e in found["entries"]},
            {(d[0], d[1]): d for d in found["documents"]},
            dict(found["items"]),
        )

    def __or__(self, other: "_Entries") -> "_Entries":
        return _Entries(
            {**self.by_no, **other.by_no},
            {**self.documents, **other.documents},
            {**self.items, **other.items},
        )


def _walked(found: dict[str, Any], components: ShowComponents) -> _Reach:
    """A `get_flow` record as a walk from its start entries."""
    steps = walk(sorted(found["startEntryNos"]), _flow(found["flow"], components), set())
    entries = None if found["entries"] is None else _Entries.of(found)
    in_rows = {step.entry_no for step in steps}
    packages = {
        no
        for entry_nos, package_nos in found["packages"]
        if not in_rows.isdisjoint(entry_nos)
        for no in package_nos
    }
    return _Reach(steps, sorted(packages), entries)


async def _reach_of(
    tx: Reader, where: TraceFilter, method: TraceMethod,
    components: ShowComponents, up_to: int,
) -> _Reach:  # fmt: skip
    """The reach of a trace of `where`, its start found in the same statement; its entries
    too when it reaches at most `up_to` (`entries_up_to`)."""
    params = {**await _start_params(tx, where, method), "entriesUpTo": up_to}
    found = await record(tx, TRACE_STATEMENT, params)
    if not found["startEntryNos"]:
        await named(tx, where)
    return _walked(found, components)


async def rows_from(
    tx: Reader,
    start: Sequence[int],
    method: TraceMethod,
    components: ShowComponents,
) -> list[TraceRow]:
    """Every row of a trace from the entries `start` (e.g. a recall's FSMA export): each entry
    reached with its level, the entry it came through and how, and its fields, read with the
    walk in one statement (an export holds every row: `entries_up_to`)."""
    if not start:
        return []
    params = {
        "entryNos": sorted(set(start)),
        "forward": method == "origin-to-usage",
        "entriesUpTo": entries_up_to(0, None),
    }
    reach = _walked(await record(tx, cypher("tracing/get_flow"), params), components)
    return await trace_rows(tx, reach.steps, reach.entries)


async def trace_rows(
    tx: Reader,
    steps: Sequence[Step],
    entries: _Entries | None = None,
) -> list[TraceRow]:
    """The steps as Business Central's trace rows, with their entries' fields (read now unless
    `entries` has them)."""
    known = entries or _Entries({}, {}, {})
    missing = [s for s in steps if s.entry_no not in known.by_no]
    if missing:  # (or entries the walk's statement did not reach: a consumption's siblings)
        found = await record(tx, cypher("tracing/get_trace_entries"), trace_numbers(missing))
        known = known | _Entries.of(found)
    return [_row(s, known) for s in steps]


def trace_numbers(steps: Sequence[Step]) -> dict[str, list[int]]:
    """The steps' entry numbers, as the statements that read entries take them."""
    return {"entryNos": [s.entry_no for s in steps]}


def _row(step: Step, known: _Entries) -> TraceRow:
    """A row from an entry as `get_trace_entries` lists its fields (and its document's and
    item's): built without validating again what the posting rules validated when the entry
    was written (a long trace has many rows)."""
    (
        entry_no, entry_type, document_kind, document_no, item_no, variant_code, serial_no,
        lot_no, package_no, location_code, source_type, source_no, quantity, remaining_quantity,
        posting_date,
    ) = known.by_no[step.entry_no]  # fmt: skip
    _, _, created_by, created_on, source_name = known.documents.get(
        (document_kind, document_no), ("", "", "", None, "")
    )
    return {
        "level": step.level, "parent_entry_no": step.parent_entry_no, "via": step.via,
        "entry_no": entry_no, "entry_type": entry_type, "document_kind": document_kind,
        "document_no": document_no, "posting_date": dt.date.fromisoformat(posting_date),
        "item_no": item_no, "variant_code": variant_code, "serial_no": serial_no,
        "lot_no": lot_no, "package_no": package_no, "location_code": location_code,
        "source_type": source_type, "source_no": source_no, "quantity": float(quantity),
        "remaining_quantity": float(remaining_quantity),
        "item_description": known.items.get(item_no, ""), "source_name": source_name,
        "created_by": created_by,
        "created_on": dt.datetime.fromisoformat(created_on) if created_on else None,
    }  # fmt: skip


async def _trace(
    tx: Reader,
    where: TraceFilter,
    method: TraceMethod,
    components: ShowComponents,
    offset: int,
    limit: int | None,
    with_graph: bool,
) -> Trace:
    reach = await _reach_of(tx, where, method, components, entries_up_to(offset, limit))
    steps, packages = reach.steps, reach.packages
    answered = steps[offset:] if limit is None else steps[offset : offset + limit]
    found = await trace_rows(tx, answered, reach.entries)
    del reach  # the entries' fields are in the rows now: not kept while the graph is built
    following = offset + len(answered)
    # Built from rows already valid (validating tens of thousands again is what they avoid).
    return Trace.model_construct(
        method=method,
        show_components=components,
        rows=found,
        packages=packages,
        graph=trace_graph(found, method) if with_graph else None,
        total_rows=len(steps),
        next_offset=following if following < len(steps) else None,
    )


async def trace(
    graph: Graph,
    *,
    where: TraceFilter,
    method: TraceMethod,
    components: ShowComponents,
    offset: int = 0,
    limit: int | None = None,
    with_graph: bool = True,
) -> Trace:
    """The trace of `where`: the rows from `offset`, at most `limit` (all when None), with the
    graph of just those rows unless not `with_graph`; `total_rows` and the packages cover the
    whole trace."""
    return await graph.read(_trace, where, method, components, offset, limit, with_graph)


async def _all_rows(
    tx: Reader, where: TraceFilter, method: TraceMethod,
    components: ShowComponents,
) -> list[TraceRow]:  # fmt: skip
    reach = await _reach_of(tx, where, method, components, entries_up_to(0, None))
    return await trace_rows(tx, reach.steps, reach.entries)


async def all_trace_rows(
    graph: Graph, *, where: TraceFilter, method: TraceMethod, components: ShowComponents
) -> list[TraceRow]:
    """Every row of the trace of `where`, without the graph a JSON answer carries: what the
    CSV and EPCIS exports need."""
    return await graph.read(_all_rows, where, method, components)


async def _trace_sheets(
    tx: Reader, where: TraceFilter, method: TraceMethod,
    components: ShowComponents,
) -> FsmaSheets:  # fmt: skip
    return await sheets_in_transaction(tx, await _all_rows(tx, where, method, components))


async def trace_fsma(
    graph: Graph, *, where: TraceFilter, method: TraceMethod, components: ShowComponents
) -> FsmaSheets:
    """The trace's Critical Tracking Events as FSMA 204 spreadsheet rows, in one transaction."""
    return await graph.read(_trace_sheets, where, method, components)
