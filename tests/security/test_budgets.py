"""M5: a bound on every request's work. A transaction past the request's deadline is stopped by
Neo4j and answered 504; one that needs more memory than Neo4j allows a transaction is refused
(503) and Neo4j keeps running."""

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from service.demo import seed
from service.domain.api_keys import ApiKeyCreate
from service.errors import OverBudget
from service.graph.api_keys import create_api_key
from service.graph.store import Graph, Reader, value
from service.main import create_app
from service.settings import Settings
from tests.api.posting_helpers import lots, post

BUDGET_SECONDS = 3.0


@pytest.fixture
async def hurried(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app that gives each request `BUDGET_SECONDS`."""
    application: FastAPI = create_app(
        settings.model_copy(update={"request_timeout_seconds": BUDGET_SECONDS})
    )
    async with LifespanManager(application, startup_timeout=60):
        key = await create_api_key(graph, request=ApiKeyCreate(name="t", scopes=["admin"]))
        transport = httpx.ASGITransport(app=application, raise_app_exceptions=False)
        headers = {"Authorization": f"Bearer {key.key}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://tracegraph.test", headers=headers
        ) as c:
            yield c


async def test_a_posting_still_waiting_at_its_deadline_is_answered_504(
    hurried: httpx.AsyncClient, client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    warm = await post(client, "purchase_receipt", "PR-0", [lots("1928-S", "L0", 1)])
    assert warm.status_code == 201, warm.text  # without a budget: a cold Neo4j takes seconds
    async with graph.driver.session(database=graph.database) as session:
        blocker = await session.begin_transaction()  # another writer holds the item and stock
        try:
            await blocker.run("MATCH (n) WHERE n:Item OR n:Location OR n:LedgerSequence "
                              "SET n.heldByTest = true")  # fmt: skip
            started = time.monotonic()
            response = await post(hurried, "purchase_receipt", "PR-1", [lots("1928-S", "L1", 1)])
            took = time.monotonic() - started
        finally:
            await blocker.rollback()
    assert response.status_code == 504, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "request-timed-out"
    assert response.headers["retry-after"] == "5"  # nothing was posted: retry
    assert took < 15  # not Neo4j's own 120 s
    posted = await post(hurried, "purchase_receipt", "PR-1", [lots("1928-S", "L1", 1)])
    assert posted.status_code == 201, "nothing of the stopped posting stayed"


async def _hungry(tx: Reader) -> int:
    found: int = await value(tx, "UNWIND range(1, 60000000) AS i WITH collect(i) AS l "
                                 "RETURN size(l) AS n")  # fmt: skip
    return found


async def test_a_transaction_over_the_memory_limit_is_refused_and_neo4j_lives(
    graph: Graph,
) -> None:
    with pytest.raises(OverBudget) as refused:
        await graph.read(_hungry)
    assert refused.value.status == 503
    assert await graph.read(value, "RETURN 1") == 1
