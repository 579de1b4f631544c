"""Whole-database chores: whether it holds data, and emptying it (tests, `tracegraph reset`).

Statements sent with `execute_query` here (and for `/health`) pass no bookmark manager: the
driver's default one would make each wait for the last transaction it saw, which a database
restored from an older dump (`tracegraph restore` under a running service) has not reached, so
they would hang until enough new writes came."""

from service.graph.cypher import cypher
from service.graph.store import Graph


async def count_data(graph: Graph) -> int:
    """The nodes of data the database holds (API keys and the entry number sequence aside)."""
    records, _, _ = await graph.driver.execute_query(
        cypher("admin/count_data"), database_=graph.database, bookmark_manager_=None
    )
    return int(records[0]["nodes"])


async def delete_all_data(graph: Graph, *, api_keys_too: bool = False) -> None:
    """Remove every node and relationship; the API keys stay unless `api_keys_too`.
    Constraints and indexes stay."""
    await graph.driver.execute_query(
        cypher("admin/delete_all_data"), database_=graph.database, bookmark_manager_=None
    )
    if api_keys_too:
        await graph.driver.execute_query(
            cypher("admin/delete_api_keys"), database_=graph.database, bookmark_manager_=None
        )
