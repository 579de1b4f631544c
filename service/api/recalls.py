"""`POST /v1/recalls`: who must be called and what must be quarantined, in one call."""

import datetime as dt

from fastapi import APIRouter

from service.api.deps import GraphDep
from service.domain.recalls import Recall, RecallRequest
from service.graph import recalls

router = APIRouter(prefix="/v1/recalls", tags=["tracing"])


@router.post("")
async def recall(graph: GraphDep, request: RecallRequest) -> Recall:
    """Everything downstream of the recalled numbers through any depth of production and
    assembly: every customer with each shipment, and the stock on hand by location, bin and
    package, split into open, expired and blocked. With `block: true`, every affected number on
    hand is blocked in the same transaction, each with an audit record naming the recall."""
    return await recalls.recall(graph, request=request, as_of=dt.date.today())
