"""FSMA 204 spreadsheet rows for traced entries: the trace rows plus what the graph knows about
their items, locations, customers, vendors, transfers and where each lot code was assigned."""

from typing import Any

from service.domain.fsma import EntryContext, FsmaSheets, Place, fsma_sheets
from service.domain.tracing import TraceRow
from service.graph.cypher import cypher
from service.graph.store import Reader
from service.graph.store import rows as run


def _place(code: Any, name: Any, gln: Any) -> Place:
    return Place(code=code or "", name=name or "", gln=gln or "")


def _context(r: dict[str, Any]) -> EntryContext:
    from_vendor = r["sourceEntryType"] == "Purchase" and r["sourceVendorNo"] is not None
    source = (
        _place(r["sourceVendorNo"], r["sourceVendorName"], r["sourceVendorGln"])
        if from_vendor
        else _place(r["sourceLocationCode"], r["sourceLocationName"], r["sourceLocationGln"])
    )
    return EntryContext(
        description=r["description"] or "",
        unit_of_measure=r["unitOfMeasure"] or "",
        location=_place(r["locationCode"], r["locationName"], r["locationGln"]),
        partner=_place(r["partnerNo"], r["partnerName"], r["partnerGln"]),
        other_end=_place(r["otherCode"], r["otherName"], r["otherGln"]),
        tlc_source=source,
        tlc_source_is_vendor=from_vendor,
        order_output_quantity=float(r["orderOutputQuantity"] or 0),
    )


async def sheets_in_transaction(tx: Reader, rows: list[TraceRow]) -> FsmaSheets:
    entry_nos = sorted({r["entry_no"] for r in rows})
    found = await run(tx, cypher("fsma/get_event_context"), {"entryNos": entry_nos})
    return fsma_sheets(rows, {r["entryNo"]: _context(r) for r in found})
