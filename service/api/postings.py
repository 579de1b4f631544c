"""`POST /v1/postings`: one document, posted whole in one transaction, or refused whole."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request, Response, status

from service.api.bodies import OffLoopJsonRoute
from service.api.deps import GraphDep, SettingsDep
from service.api.posting_examples import POSTING_EXAMPLES
from service.domain.postings import Document, PostingResult
from service.graph import postings

router = APIRouter(prefix="/v1/postings", tags=["postings"], route_class=OffLoopJsonRoute)
RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {"description": "An item tracking rule refuses the document; `code` names the rule"},
    422: {"description": "Invalid document, or a record it names does not exist"},
}
IdempotencyKey = Annotated[
    str | None,
    Header(
        min_length=1,
        max_length=255,
        description="Replaying a request with the same key returns the first answer and "
        "writes nothing.",
    ),
]


@router.post("", status_code=status.HTTP_201_CREATED, responses=RESPONSES)
async def post_document(
    graph: GraphDep,
    settings: SettingsDep,
    http: Request,
    document: Annotated[Document, Body(openapi_examples=POSTING_EXAMPLES)],
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> PostingResult:
    """Post a document: every rule of the items' tracking codes is checked, outbound entries
    apply to open inbound entries (FIFO, or FEFO under strict expiration posting), and the
    answer lists the ledger entries made."""
    if idempotency_key is not None:
        api_key = getattr(http.state, "api_key", None)
        idempotency_key = postings.scoped_idempotency_key(
            idempotency_key, getattr(api_key, "id", None)
        )
    result, replayed = await postings.post_document(
        graph, document=document, idempotency_key=idempotency_key,
        idempotency_ttl_seconds=settings.idempotency_ttl_hours * 3600,
    )  # fmt: skip
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return result
