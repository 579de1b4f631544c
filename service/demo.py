"""The demo data: the seed's example (chair 1900-S, serial 1001, LOT0001, CONTAINER010...)."""

from service.graph.schema import apply_schema
from service.graph.store import open_graph
from service.settings import Settings


async def load_demo(settings: Settings) -> str:
    assert settings.neo4j_uri is not None
    graph = open_graph(
        uri=settings.neo4j_uri,
        username=settings.neo4j_username,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
    )
    try:
        await apply_schema(graph)
        return "schema applied"
    finally:
        await graph.close()
