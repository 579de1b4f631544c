"""Every tracing query runs as-is in Neo4j Browser: its header's example `:param` lines, given
exactly as Browser would (each value evaluated by Neo4j), run the file on the demo data."""

import re
from typing import Any

import pytest

from service.demo import POSTINGS, seed
from service.graph import postings
from service.graph.cypher import CYPHER_ROOT, cypher
from service.graph.store import Graph

TRACING_FILES = sorted(p.stem for p in (CYPHER_ROOT / "tracing").glob("*.cypher"))
PARAM = re.compile(r"^// :param (\w+) => (.+)$")


def _example_params(name: str) -> list[tuple[str, str]]:
    text = (CYPHER_ROOT / "tracing" / f"{name}.cypher").read_text()
    return [(m[1], m[2]) for line in text.splitlines() if (m := PARAM.match(line))]


async def _evaluate(graph: Graph, expression: str) -> Any:
    """What Browser's `:param name => expression` stores: Neo4j's value of the expression."""
    result = await graph.driver.execute_query(
        f"RETURN {expression} AS value", database_=graph.database
    )
    return result.records[0]["value"]


@pytest.mark.parametrize("name", TRACING_FILES)
async def test_each_tracing_query_runs_with_its_browser_example_params(
    graph: Graph, name: str
) -> None:
    await seed(graph)
    for document in POSTINGS:
        await postings.post_document(graph, document=document, idempotency_key=None)
    examples = _example_params(name)
    assert examples, f"cypher/tracing/{name}.cypher has no example :param lines"
    params = {key: await _evaluate(graph, value) for key, value in examples}
    result = await graph.driver.execute_query(
        cypher(f"tracing/{name}"), params, database_=graph.database
    )
    assert result.records, f"{name} finds nothing on the demo data with its example params"
