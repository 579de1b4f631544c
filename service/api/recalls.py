"""`POST /v1/recalls`: who must be called and what must be quarantined, in one call."""

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Request, Response

from service.api.auth import require
from service.api.deps import GraphDep, csv_response, epcis_response
from service.api.paging import DEFAULT_ROWS, RowsLimit, RowsOffset
from service.api.tracing import EPCIS_EXPORT_LIMIT
from service.domain.exports import recall_csv
from service.domain.recalls import Recall, RecallRequest
from service.epcis.export import query_document
from service.graph import events, recalls

router = APIRouter(prefix="/v1/recalls", tags=["tracing"])


@router.post(
    "",
    response_model=Recall,
    responses={
        200: {
            "content": {"text/csv": {}, "application/ld+json": {}},
            "description": "JSON; CSV with format=csv; the EPCIS events of every document "
            "downstream of the recalled numbers as an EPCISQueryDocument with format=epcis",
        }
    },
)
async def recall(
    graph: GraphDep,
    http: Request,
    request: RecallRequest,
    format: Literal["json", "csv", "epcis"] = "json",
    limit: RowsLimit = DEFAULT_ROWS,
    offset: RowsOffset = 0,
) -> Recall | Response:
    """Everything downstream of the recalled numbers through any depth of production and
    assembly: every customer with each shipment, and the stock on hand by location, bin and
    package, split into open, expired and blocked. With `block: true`, every affected number on
    hand is blocked in the same transaction, each with an audit record naming the recall."""
    if request.block:
        require(http, "post")
    found = await recalls.recall(graph, request=request, as_of=dt.date.today())
    if format == "csv":
        return csv_response(recall_csv(found), filename="recall.csv")
    if format == "epcis":
        document_nos = await recalls.downstream_documents(graph, request=request)
        found_events = await events.events_of_documents(
            graph, document_nos=document_nos, limit=EPCIS_EXPORT_LIMIT
        )
        return epcis_response(query_document(found_events), filename="recall.jsonld")
    return found.page(offset=offset, limit=limit)
