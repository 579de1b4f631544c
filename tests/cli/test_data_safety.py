"""Nothing the commands do deletes data unless a person asked for exactly that."""

import httpx

from service.demo import load_demo, seed
from service.graph.admin import count_data
from service.graph.api_keys import list_api_keys
from service.graph.store import Graph
from service.neo4j_local import Neo4jTarget
from service.settings import Settings
from tests.cli.test_cli import posted_documents, table_rows, tracegraph


async def test_demo_load_into_an_empty_database_loads_it(graph: Graph, neo4j: Neo4jTarget) -> None:
    result = await tracegraph(neo4j, "demo", "load")

    assert result.exit_code == 0, result.output
    assert "Demo data loaded: 3 number series" in result.output
    assert await posted_documents(graph) == {"PR-2026-0001", "SS-2026-0001"}


async def test_demo_load_refuses_a_database_with_data_and_changes_nothing(
    graph: Graph, neo4j: Neo4jTarget, settings: Settings
) -> None:
    await seed(graph)
    before = await count_data(graph)

    result = await tracegraph(neo4j, "demo", "load")

    assert result.exit_code == 1, result.output
    assert f"the database holds data ({before} nodes)" in result.output
    assert "Nothing was changed" in result.output
    assert await count_data(graph) == before
    assert await posted_documents(graph) == set()


async def test_reset_names_the_database_and_deletes_nothing_unless_confirmed(
    graph: Graph, neo4j: Neo4jTarget, settings: Settings
) -> None:
    await load_demo(settings)
    before = await count_data(graph)

    declined = await tracegraph(neo4j, "reset", input="n\n")

    assert declined.exit_code == 1, declined.output
    assert f"deletes all {before} nodes of data of database 'neo4j' at {neo4j.uri}" in (
        declined.output
    )
    assert "Nothing deleted." in declined.output
    assert await count_data(graph) == before


async def test_reset_yes_empties_the_database_and_keeps_the_api_keys(
    graph: Graph, neo4j: Neo4jTarget, settings: Settings, client: httpx.AsyncClient
) -> None:
    await load_demo(settings)
    keys = await list_api_keys(graph)

    result = await tracegraph(neo4j, "reset", "--yes")

    assert result.exit_code == 0, result.output
    assert "(API keys kept)" in result.output
    assert await count_data(graph) == 0
    assert await list_api_keys(graph) == keys
    assert (await client.get("/v1/items")).json()["items"] == []


async def test_reset_api_keys_deletes_the_keys_too(
    graph: Graph, neo4j: Neo4jTarget, client: httpx.AsyncClient
) -> None:
    result = await tracegraph(neo4j, "reset", "--yes", "--api-keys")

    assert result.exit_code == 0, result.output
    assert await list_api_keys(graph) == []


async def test_api_key_list_and_revoke(graph: Graph, neo4j: Neo4jTarget) -> None:
    made = await tracegraph(neo4j, "api-key", "create", "--name", "erp", "--scope", "post",
                            "--expires-days", "30")  # fmt: skip
    assert made.exit_code == 0, made.output
    key_id = made.output.split(", id ")[1].split(":")[0]
    assert "expires " in made.output

    listed = await tracegraph(neo4j, "api-key", "list")
    [row] = table_rows(listed.output, key_id)
    assert row[1:3] == ["erp", "post"]
    assert row[4], "the expiry is listed"
    assert made.stdout.strip().splitlines()[-1] not in listed.output, "never the key"

    revoked = await tracegraph(neo4j, "api-key", "revoke", key_id)
    assert revoked.exit_code == 0, revoked.output
    assert f"API key 'erp' ({key_id}) revoked at" in revoked.output
    [row] = table_rows((await tracegraph(neo4j, "api-key", "list")).output, key_id)
    assert row[6], "the revocation is listed"

    unknown = await tracegraph(neo4j, "api-key", "revoke", "no-such-id")
    assert unknown.exit_code == 4  # not found
    assert "API key no-such-id does not exist." in unknown.output
