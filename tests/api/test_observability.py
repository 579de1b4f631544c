"""Operations: Prometheus metrics at /metrics, request ids, and one JSON log line per request."""

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.demo import seed
from service.graph.store import Graph
from service.logs import JsonFormatter
from tests.api.posting_helpers import chairs, post


async def samples(client: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = await client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def value(found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str,
          **labels: str) -> float:  # fmt: skip
    return found.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def access_log() -> Iterator[io.StringIO]:
    """The access lines the service writes, formatted as in production (JSON)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tracegraph.access")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)


async def test_metrics_count_postings_by_outcome_and_time_requests_and_transactions(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    before = await samples(client)

    receipt = await post(client, "purchase_receipt", "PR-M1", [chairs("2001")],
                         headers={"Idempotency-Key": "metrics-1"})  # fmt: skip
    replay = await post(client, "purchase_receipt", "PR-M1", [chairs("2001")],
                        headers={"Idempotency-Key": "metrics-1"})  # fmt: skip
    refused = await post(client, "sales_shipment", "SS-M1", [chairs("9999")])
    assert (receipt.status_code, replay.status_code, refused.status_code) == (201, 201, 409)

    after = await samples(client)
    for outcome in ("posted", "replayed", "refused"):
        name = "tracegraph_postings_total"
        assert value(after, name, outcome=outcome) - value(before, name, outcome=outcome) == 1
    requests = "tracegraph_http_request_duration_seconds_count"
    assert (
        value(after, requests, method="POST", route="/v1/postings", status="201")
        - value(before, requests, method="POST", route="/v1/postings", status="201")
        == 2
    )
    assert value(after, requests, method="POST", route="/v1/postings", status="409") >= 1
    transactions = "tracegraph_neo4j_transaction_duration_seconds_count"
    assert (
        value(after, transactions, work="postings._post", access="write")
        - value(before, transactions, work="postings._post", access="write")
        == 3
    )


async def test_request_id_is_echoed_and_on_the_requests_log_line(
    client: httpx.AsyncClient, access_log: io.StringIO
) -> None:
    given = await client.get("/v1/items/NOPE", headers={"X-Request-ID": "support-ticket-42"})
    made = await client.get("/health")

    assert given.headers["x-request-id"] == "support-ticket-42"
    assert len(made.headers["x-request-id"]) == 32  # generated when the caller sends none
    lines = [json.loads(line) for line in access_log.getvalue().splitlines()]
    by_id = {line["request_id"]: line for line in lines}
    line = by_id["support-ticket-42"]
    assert line["route"] == "/v1/items/{no}"
    assert line["status"] == 404
    assert line["level"] == "INFO"
    assert line["duration_ms"] >= 0
    assert {"timestamp", "message"} <= line.keys()
    assert by_id[made.headers["x-request-id"]]["route"] == "/health"
