"""H1 for Docker: docker-compose.yml holds no password (it comes from `.env`) and publishes
every port on loopback only."""

from pathlib import Path

import yaml  # type: ignore[import-untyped]

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def test_compose_takes_the_password_from_the_environment_and_binds_to_loopback() -> None:
    text = COMPOSE.read_text()
    services = yaml.safe_load(text)["services"]
    assert "tracegraph-local" not in text
    assert services["neo4j"]["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")
    assert services["service"]["environment"]["NEO4J_PASSWORD"].startswith("${NEO4J_PASSWORD:?")
    ports = [p for s in services.values() for p in s.get("ports", [])]
    assert ports
    assert all(p.startswith("127.0.0.1:") for p in ports)
    neo4j = services["neo4j"]["environment"]
    assert neo4j["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert neo4j["NEO4J_dbms_security_http__access__control__allow__origin"] != "*"
