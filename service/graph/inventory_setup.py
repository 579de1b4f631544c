"""The inventory setup: the number series new package numbers come from."""

from neo4j import AsyncManagedTransaction

from service.domain.master_data import InventorySetup
from service.errors import InvalidInput
from service.graph.cypher import cypher
from service.graph.store import Graph, Reader, single


async def setup_in_transaction(tx: Reader) -> InventorySetup:
    """The setup as stored (a posting that assigns package numbers reads it in its own)."""
    row = await single(tx, cypher("inventory_setup/get_inventory_setup"))
    return InventorySetup(package_nos=row["packageNos"] if row else None)


async def _save(tx: AsyncManagedTransaction, setup: InventorySetup) -> InventorySetup:
    row = await single(
        tx, cypher("inventory_setup/save_inventory_setup"), {"packageNos": setup.package_nos}
    )
    if setup.package_nos and (row is None or row["packageNos"] is None):
        raise InvalidInput(
            f"Number series {setup.package_nos} does not exist.", field="package_nos"
        )
    return InventorySetup(package_nos=row["packageNos"] if row else None)


async def get_inventory_setup(graph: Graph) -> InventorySetup:
    return await graph.read(setup_in_transaction)


async def save_inventory_setup(graph: Graph, *, setup: InventorySetup) -> InventorySetup:
    return await graph.write(_save, setup)
