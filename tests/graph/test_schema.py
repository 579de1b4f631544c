"""The schema in cypher/schema/ is applied at startup, idempotently."""

from neo4j import NotificationMinimumSeverity

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
    tokens = "schema/create_relationship_types"
    expected = {
        n.removeprefix("schema/create_").removesuffix("_index") for n in first if n != tokens
    }
    assert expected <= names
    # Traces name APPLIED_FROM before any return has written one: Neo4j knows the type.
    warnings = NotificationMinimumSeverity.WARNING
    async with graph.driver.session(
        database=graph.database, notifications_min_severity=warnings
    ) as session:
        explained = await session.run("EXPLAIN MATCH ()-[:APPLIED_FROM]->() RETURN 1")
        summary = await explained.consume()
    unknown = [s.status_description for s in summary.gql_status_objects if s.gql_status == "01N51"]
    assert not unknown  # 01N51: "relationship type does not exist"
