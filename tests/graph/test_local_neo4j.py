"""The local Neo4j runs as Neo4j's own `neo4j console` would: with the JVM options its
neo4j.conf ships, among them the module opens it needs for native access to its files."""

from pathlib import Path

import pytest

from service.graph.store import Graph
from service.neo4j_local import LocalNeo4jConfig, Neo4jTarget
from service.neo4j_local.launcher import NEO4J_JVM_OPTIONS, server_command


def test_the_server_command_carries_neo4js_own_jvm_options_and_the_instance_heap() -> None:
    config = LocalNeo4jConfig.from_env("test", heap="3g")
    command = server_command(config, "java", Path("/lib"), Path("/conf"))
    assert command[:3] == ["java", "-Xms3g", "-Xmx3g"]
    assert set(NEO4J_JVM_OPTIONS) <= set(command)
    assert "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in command
    assert command[-2:] == [f"--home-dir={config.instance_dir}", "--config-dir=/conf"]


async def test_the_running_local_server_was_started_with_those_options(
    neo4j: Neo4jTarget, graph: Graph
) -> None:
    if neo4j.origin != "local":
        pytest.skip(f"Neo4j here comes from {neo4j.origin}, which sets its own JVM options")
    result = await graph.driver.execute_query(
        "CALL dbms.queryJmx('java.lang:type=Runtime') YIELD attributes "
        "RETURN attributes.InputArguments.value AS arguments",
        database_=graph.database,
    )
    assert set(NEO4J_JVM_OPTIONS) <= set(result.records[0]["arguments"])
