"""`POST /v1/recalls`: who must be called and what must be quarantined, in one call."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Body, Request, Response
from fastapi.openapi.models import Example

from service.api.auth import require
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
from service.api.tracing import EPCIS_EXPORT_LIMIT
from service.domain.exports import recall_csv
from service.domain.recalls import Recall, RecallRequest
from service.domain.workbook import xlsx
from service.epcis.export import query_document
from service.graph import events, recalls

router = APIRouter(prefix="/v1/recalls", tags=["tracing"])
RECALL_EXAMPLES: dict[str, Example] = {
    "preview": {
        "summary": "Who was shipped lamps of lot LOT200 (the demo data), blocking nothing",
        "value": {"recall_no": "RC-2026-01", "reason": "Supplier reported contamination",
                  "user": "qa", "numbers": [{"item_no": "1928-S", "lot_no": "LOT200"}],
                  "block": False},
    },
    "block": {
        "summary": "A recall of a serial and a package, blocking what is on hand",
        "value": {"recall_no": "RC-2026-02", "reason": "Cracked frames", "user": "qa",
                  "numbers": [{"item_no": "1900-S", "serial_no": "1001"},
                              {"package_no": "CONTAINER010"}], "block": True},
    },
}  # fmt: skip


@router.post(
    "",
    response_model=Recall,
    responses=EXPORT_RESPONSES,
)
async def recall(
    graph: GraphDep,
    http: Request,
    request: Annotated[RecallRequest, Body(openapi_examples=RECALL_EXAMPLES)],
    format: ExportFormat = "json",
    limit: RowsLimit = DEFAULT_ROWS,
    offset: RowsOffset = 0,
) -> Recall | Response:
    """Everything downstream of the recalled numbers through any depth of production and
    assembly: every customer with each shipment, and the stock on hand by location, bin and
    package, split into open, expired and blocked. With `block: true`, every affected number on
    hand is blocked in the same transaction, each with an audit record naming the recall."""
    if request.block:
        require(http, "post")
    if format == "xlsx":
        sheets = await recalls.recall_fsma(graph, request=request, as_of=dt.date.today())
        return xlsx_response(
            xlsx(sheets.tabs()), filename=f"recall-{request.recall_no}-fsma204.xlsx"
        )
    found = await recalls.recall(graph, request=request, as_of=dt.date.today())
    if format == "csv":
        return csv_response(recall_csv(found), filename="recall.csv")
    if format == "epcis":
        document_nos = await recalls.downstream_documents(graph, request=request)
        found_events = await events.events_of_documents(
            graph, document_nos=document_nos, limit=EPCIS_EXPORT_LIMIT
        )
        return epcis_response(query_document(found_events), filename="recall.jsonld")
    return json_response(found.page(offset=offset, limit=limit))
