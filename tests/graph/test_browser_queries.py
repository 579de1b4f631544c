"""The ready queries for Neo4j Browser (`cypher/browser/`), run with their own `:param` examples
on the demo data: they give the answers the API and the command line give."""

import httpx
import pytest

from service.demo import load_demo
from service.graph.cypher import cypher
from service.graph.store import Graph
from service.settings import Settings
from tests.graph.test_cypher_files import example_params


@pytest.fixture
async def demo(graph: Graph, settings: Settings) -> Graph:
    await load_demo(settings)
    return graph


async def run_example(graph: Graph, name: str) -> list[dict[str, object]]:
    text = cypher(f"browser/{name}")
    params = await example_params(graph, text)
    records, _, _ = await graph.driver.execute_query(text, params, database_=graph.database)
    return [r.data() for r in records]


async def test_trace_of_a_serial_in_browser_reaches_the_entries_the_api_traces(
    demo: Graph, client: httpx.AsyncClient
) -> None:
    api = (await client.get("/v1/trace", params={"serial_no": "1001",
                                                  "method": "origin-to-usage"})).json()  # fmt: skip
    records, _, _ = await demo.driver.execute_query(
        cypher("browser/trace_serial_forward"), {"serialNo": "1001"}, database_=demo.database
    )
    reached = {
        node["entryNo"]
        for record in records
        for node in record["path"].nodes
        if "ItemLedgerEntry" in node.labels
    }
    assert reached == {row["entry_no"] for row in api["rows"]}
    assert {r["document"]["documentNo"] for r in records} == {"PR-2026-0001", "SS-2026-0001"}


async def test_browser_queries_answer_the_demo_questions(demo: Graph) -> None:
    contents = await run_example(demo, "container_contents")
    nodes = {n.get("lotNo") or n.get("serialNo") for r in contents for n in r["path"][2::2]}  # type: ignore[index]
    assert {"LOT0100", "LOT200", "1001", "1004"} <= nodes  # the chairs packed one by one

    customers = await run_example(demo, "customers_of_lot")
    assert [(c["customer"], c["shipment"], c["quantity"]) for c in customers] == [
        ("C10000", "SS-2026-0001", 10)
    ]
    assert await run_example(demo, "blocked_stock") == []
    assert await run_example(demo, "lots_expiring_within") == []  # the lamps left with CONTAINER010
