"""The OpenAPI page's example documents post, in their order, on the demo data."""

import httpx

from service.api.posting_examples import POSTING_EXAMPLES
from service.demo import POSTINGS, seed
from service.graph import postings
from service.graph.store import Graph


async def test_every_example_document_posts_on_the_demo_data(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    for document in POSTINGS:
        await postings.post_document(graph, document=document, idempotency_key=None)
    openapi = (await client.get("/openapi.json")).json()
    body = openapi["paths"]["/v1/postings"]["post"]["requestBody"]["content"]["application/json"]
    assert list(body["examples"]) == list(POSTING_EXAMPLES)
    for name, example in body["examples"].items():
        posted = await client.post("/v1/postings", json=example["value"])
        assert posted.status_code == 201, (name, posted.text)
        assert posted.json()["kind"] == example["value"]["kind"]
