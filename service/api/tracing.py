"""`GET /v1/trace`: Business Central's Item Tracing, with no depth cap and no gaps."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response

from service.api.deps import (
    EXPORT_RESPONSES,
    ExportFormat,
    GraphDep,
    csv_response,
    epcis_response,
    json_response,
    xlsx_response,
)
from service.api.paging import DEFAULT_ROWS, RowsLimit, RowsOffset
from service.domain.exports import trace_csv
from service.domain.tracing import ShowComponents, Trace, TraceMethod
from service.domain.workbook import xlsx
from service.epcis.export import query_document
from service.errors import InvalidInput
from service.graph import events, tracing
from service.graph.tracing import TraceFilter

router = APIRouter(prefix="/v1", tags=["tracing"])
Text = Annotated[str | None, Query(max_length=50)]
EPCIS_EXPORT_LIMIT = 100_000


@router.get(
    "/trace",
    response_model=Trace,
    responses=EXPORT_RESPONSES,
)
async def trace(
    graph: GraphDep,
    serial_no: Annotated[
        str | None,
        Query(max_length=50, description="Serial No. or a filter (1001..1003)", examples=["1001"]),
    ] = None,
    lot_no: Annotated[
        str | None,
        Query(
            max_length=50, description="Lot No. or a filter (LOT0*|LOT200)", examples=["LOT0001"]
        ),
    ] = None,
    package_no: Annotated[
        str | None, Query(max_length=50, description="Package No.", examples=["CONTAINER010"])
    ] = None,
    item_no: Annotated[
        str | None, Query(max_length=50, description="Item No. (or a filter)", examples=["1900-S"])
    ] = None,
    variant: Text = None,
    method: TraceMethod = "usage-to-origin",
    show_components: ShowComponents = "item-tracked-only",
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
    format: ExportFormat = "json",
    limit: RowsLimit = DEFAULT_ROWS,
    offset: RowsOffset = 0,
    with_graph: Annotated[
        bool,
        Query(
            alias="graph",
            description="false leaves out `graph` (it holds the rows again, as nodes and "
            "relationships for graph viewers): a long trace's JSON answer is then a little "
            "over half the size, and quicker",
        ),
    ] = True,
) -> Trace | Response:
    """Trace a serial, lot or package number (or an item) backward to its origins or forward to
    its usage. Rows are Business Central's (level, parent, entry type, numbers, document, source
    customer or vendor, location, quantities); `graph` is the same result for graph viewers.
    A long trace comes in pages of `limit` rows: `next_offset` says where the next one starts
    (`total_rows` counts them all). CSV, XLSX and EPCIS exports hold the whole trace."""
    if not any((serial_no, lot_no, package_no, item_no)):
        raise InvalidInput(
            "Name a serial_no, lot_no, package_no or item_no to trace.", field="serial_no"
        )
    where = TraceFilter(
        serial_no=serial_no, lot_no=lot_no, package_no=package_no,
        item_no=item_no.upper() if item_no else None,
        variant_code=variant.upper() if variant else None,
        from_date=from_date, to_date=to_date,
    )  # fmt: skip
    if format == "xlsx":
        sheets = await tracing.trace_fsma(
            graph, where=where, method=method, components=show_components
        )
        return xlsx_response(xlsx(sheets.tabs()), filename="trace-fsma204.xlsx")
    if format == "json":
        found = await tracing.trace(
            graph, where=where, method=method, components=show_components,
            offset=offset, limit=limit, with_graph=with_graph,
        )  # fmt: skip
        return json_response(found)
    rows = await tracing.all_trace_rows(
        graph, where=where, method=method, components=show_components
    )
    if format == "csv":
        return csv_response(trace_csv(rows), filename="trace.csv")
    document_nos = [row["document_no"] for row in rows]
    found_events = await events.events_of_documents(
        graph, document_nos=document_nos, limit=EPCIS_EXPORT_LIMIT
    )
    return epcis_response(query_document(found_events), filename="trace.jsonld")
