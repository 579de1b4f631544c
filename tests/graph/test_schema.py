"""The schema in cypher/schema/ is applied at startup, idempotently."""

from service.graph.schema import apply_schema
from service.graph.store import Graph


async def test_schema_applies_twice_without_error_and_creates_every_constraint_and_index(
    graph: Graph,
) -> None:
    first = await apply_schema(graph)
    second = await apply_schema(graph)
    assert first == second
    result = await graph.driver.execute_query(
        "SHOW INDEXES YIELD name, owningConstraint RETURN collect(name) AS names",
        database_=graph.database,
    )
    names = set(result.records[0]["names"])  # constraints are backed by indexes of their name
    expected = {n.removeprefix("schema/create_").removesuffix("_index") for n in first}
    assert expected <= names
