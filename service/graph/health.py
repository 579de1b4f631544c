"""What Neo4j says about itself, for `GET /health`."""

from dataclasses import dataclass

from neo4j import RoutingControl

from service.graph.cypher import cypher
from service.graph.store import Graph


@dataclass(frozen=True)
class Neo4jComponents:
    version: str
    edition: str


async def get_components(graph: Graph) -> Neo4jComponents:
    result = await graph.driver.execute_query(
        cypher("health/get_components"),
        database_=graph.database,
        routing_=RoutingControl.READ,
        bookmark_manager_=None,  # a restored database has older transactions: see admin.py
    )
    record = result.records[0]
    return Neo4jComponents(version=record["version"], edition=record["edition"])
