"""H1: the local Neo4j is nobody else's: a random password of its own, kept private, folders only
its owner reads, no cross-origin reads of its HTTP API, no LOAD CSV from the file system, and an
instance made with the old fixed password moved to a random one, keeping its data."""

import asyncio
import dataclasses
import os
import socket
import stat
import time
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from service.cli import app
from service.neo4j_local import LocalNeo4jConfig, Neo4jTarget, launcher

LEGACY = "tracegraph-local"


def _config() -> LocalNeo4jConfig:
    return LocalNeo4jConfig.from_env("test")


def _http(config: LocalNeo4jConfig) -> str:
    return f"http://127.0.0.1:{config.http_port}"


def _cypher(config: LocalNeo4jConfig, password: str, statement: str) -> httpx.Response:
    """One statement over the HTTP API (whose connector may open a moment after Bolt's)."""
    for _ in range(60):
        try:
            return httpx.post(
                f"{_http(config)}/db/neo4j/tx/commit",
                auth=("neo4j", password),
                json={"statements": [{"statement": statement}]},
                timeout=30,
            )
        except httpx.ConnectError:
            time.sleep(0.5)
    raise AssertionError(f"Neo4j's HTTP API on {_http(config)} did not open")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_the_local_neo4j_has_a_random_password_of_its_own(neo4j: Neo4jTarget) -> None:
    config = _config()
    assert neo4j.password not in (LEGACY, "")
    assert len(neo4j.password) >= 24
    assert config.credentials_file.read_text().strip() == neo4j.password
    assert stat.S_IMODE(config.credentials_file.stat().st_mode) == 0o600


def test_the_old_fixed_password_is_refused_over_http(neo4j: Neo4jTarget) -> None:
    answer = _cypher(_config(), LEGACY, "RETURN 1")
    assert answer.status_code == 401


def test_the_instance_folders_are_0700_and_its_files_0600(neo4j: Neo4jTarget) -> None:
    config = _config()
    assert stat.S_IMODE(config.instance_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(config.instance_dir.parent.stat().st_mode) == 0o700
    readable_by_others = []
    for root, dirs, files in os.walk(config.instance_dir):
        for name in [*dirs, *files]:
            path = Path(root, name)
            if not path.is_symlink() and path.stat().st_mode & 0o077:
                readable_by_others.append(str(path.relative_to(config.instance_dir)))
    assert readable_by_others == []


def test_a_page_from_another_origin_may_not_read_the_http_api(neo4j: Neo4jTarget) -> None:
    config = _config()
    preflight = httpx.options(
        f"{_http(config)}/db/neo4j/tx/commit",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"},
    )  # fmt: skip
    allowed = preflight.headers.get("access-control-allow-origin")
    assert allowed not in ("*", "http://evil.example")
    assert allowed == _http(config)  # Neo4j Browser's own origin only


def test_load_csv_from_a_file_url_is_refused(neo4j: Neo4jTarget) -> None:
    statement = "LOAD CSV FROM 'file:///etc/hostname' AS row RETURN count(row) AS n"
    answer = _cypher(_config(), neo4j.password, statement)
    errors: list[dict[str, Any]] = answer.json()["errors"]
    assert errors, answer.text
    assert "file" in errors[0]["message"].lower()


def test_the_password_is_printed_only_by_the_credentials_command(neo4j: Neo4jTarget) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD")}
    status = CliRunner().invoke(app, ["neo4j", "status", "--instance", "test"], env=env)
    shown = CliRunner().invoke(app, ["neo4j", "credentials", "--instance", "test"], env=env)
    assert neo4j.password not in status.output
    assert shown.exit_code == 0, shown.output
    assert f"password: {neo4j.password}" in shown.output


async def test_an_instance_with_the_old_fixed_password_is_moved_to_a_random_one_keeping_data(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "lib").symlink_to(_config().home / "lib")  # the jars already fetched
    now = LocalNeo4jConfig(instance="old", home=home, heap="256m", pagecache="32m",
                           bolt_port=_free_port(), http_port=_free_port())  # fmt: skip
    old = dataclasses.replace(now, password=LEGACY)  # as instances were made until now
    await asyncio.to_thread(launcher.start, old)
    try:
        made = _cypher(old, LEGACY, "CREATE (:Kept {name: 'before'}) RETURN 1")
        assert made.status_code == 200
        assert not made.json()["errors"], made.text
    finally:
        await asyncio.to_thread(launcher.stop, old)

    await asyncio.to_thread(launcher.start, now)
    try:
        password = launcher.password_of(now)
        assert password != LEGACY
        assert _cypher(now, LEGACY, "RETURN 1").status_code == 401
        kept = _cypher(now, password, "MATCH (k:Kept) RETURN k.name AS name")
        assert kept.json()["results"][0]["data"][0]["row"] == ["before"]
        assert not (now.instance_dir / "credentials.migrating").exists()
    finally:
        await asyncio.to_thread(launcher.stop, now)
