"""`GET /v1/trace`: Business Central's Item Tracing, with no depth cap and no gaps."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response

from service.api.deps import EXPORT_FORMATS, ExportFormat, GraphDep, csv_response, xlsx_response
from service.domain.exports import trace_csv
from service.domain.tracing import ShowComponents, Trace, TraceMethod
from service.domain.workbook import XLSX_MEDIA_TYPE, xlsx
from service.errors import InvalidInput
from service.graph import tracing
from service.graph.tracing import TraceFilter

router = APIRouter(prefix="/v1", tags=["tracing"])
Text = Annotated[str | None, Query(max_length=50)]


@router.get(
    "/trace",
    response_model=Trace,
    responses={
        200: {"content": {"text/csv": {}, XLSX_MEDIA_TYPE: {}}, "description": EXPORT_FORMATS}
    },
)
async def trace(
    graph: GraphDep,
    serial_no: Text = None,
    lot_no: Text = None,
    package_no: Text = None,
    item_no: Text = None,
    variant: Text = None,
    method: TraceMethod = "usage-to-origin",
    show_components: ShowComponents = "item-tracked-only",
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
    format: ExportFormat = "json",
) -> Trace | Response:
    """Trace a serial, lot or package number (or an item) backward to its origins or forward to
    its usage. Rows are Business Central's (level, parent, entry type, numbers, document, source
    customer or vendor, location, quantities); `graph` is the same result for graph viewers."""
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
    found = await tracing.trace(graph, where=where, method=method, components=show_components)
    if format == "csv":
        return csv_response(trace_csv(found), filename="trace.csv")
    return found
