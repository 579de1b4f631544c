"""Whole-database chores: emptying it for the demo and the tests."""

from service.graph.cypher import cypher
from service.graph.store import Graph


async def delete_all_data(graph: Graph) -> None:
    """Remove every node and relationship but the API keys; constraints and indexes stay."""
    await graph.driver.execute_query(cypher("admin/delete_all_data"), database_=graph.database)
