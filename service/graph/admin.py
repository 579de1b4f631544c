"""Whole-database chores: whether it holds data, and emptying it (tests, `tracegraph reset`)."""

from service.graph.cypher import cypher
from service.graph.store import Graph


async def count_data(graph: Graph) -> int:
    """The nodes of data the database holds (API keys and the entry number sequence aside)."""
    records, _, _ = await graph.driver.execute_query(
        cypher("admin/count_data"), database_=graph.database
    )
    return int(records[0]["nodes"])


async def delete_all_data(graph: Graph, *, api_keys_too: bool = False) -> None:
    """Remove every node and relationship; the API keys stay unless `api_keys_too`.
    Constraints and indexes stay."""
    await graph.driver.execute_query(cypher("admin/delete_all_data"), database_=graph.database)
    if api_keys_too:
        await graph.driver.execute_query(cypher("admin/delete_api_keys"), database_=graph.database)
