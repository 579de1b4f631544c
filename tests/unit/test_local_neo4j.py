"""The local Neo4j runs as Neo4j's own `neo4j console` would: with the JVM options its
neo4j.conf ships, among them the module opens it needs for native access to its files. (That
Java accepts them is shown by every test run on the local Neo4j, which starts with them.)"""

from pathlib import Path

from service.neo4j_local import LocalNeo4jConfig
from service.neo4j_local.launcher import NEO4J_JVM_OPTIONS, server_command


def test_the_server_command_carries_neo4js_own_jvm_options_and_the_instance_heap() -> None:
    config = LocalNeo4jConfig.from_env("test", heap="3g")
    command = server_command(config, "java", Path("/lib"), Path("/conf"))
    assert command[:3] == ["java", "-Xms3g", "-Xmx3g"]
    assert set(NEO4J_JVM_OPTIONS) <= set(command)
    assert "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in command
    assert command[-2:] == [f"--home-dir={config.instance_dir}", "--config-dir=/conf"]
