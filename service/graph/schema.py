"""Constraints and indexes from `cypher/schema/`, applied idempotently (IF NOT EXISTS)."""

from neo4j import AsyncManagedTransaction

from service.graph.cypher import cypher, names_in
from service.graph.store import Graph


async def _apply(tx: AsyncManagedTransaction, name: str) -> None:
    await (await tx.run(cypher(name))).consume()


async def apply_schema(graph: Graph) -> list[str]:
    """Apply every schema statement, each in its own transaction (Neo4j needs that)."""
    applied = names_in("schema")
    for name in applied:
        await graph.write(_apply, name)
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(cypher("admin/await_indexes"), timeoutSeconds=120)).consume()
    return applied
