"""The schema in cypher/schema/ is applied at startup, idempotently."""

from service.graph.schema import apply_schema
from service.graph.store import Graph


async def test_schema_applies_twice_without_error_and_creates_every_constraint(
    graph: Graph,
) -> None:
    first = await apply_schema(graph)
    second = await apply_schema(graph)
    assert first == second
    result = await graph.driver.execute_query(
        "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names", database_=graph.database
    )
    names = set(result.records[0]["names"])
    expected = {n.removeprefix("schema/create_") for n in first}
    assert expected <= names
