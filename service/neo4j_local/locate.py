"""One way to find Neo4j, used by the run command, the tests and the benchmark.

1. `NEO4J_URI` (with `NEO4J_USERNAME` / `NEO4J_PASSWORD`) when set: any server or cluster.
2. Otherwise testcontainers' Neo4j module (`neo4j:5.26-community`) when a Docker engine answers.
3. Otherwise the local Neo4j this project starts from Maven Central jars (`launcher`).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from service.neo4j_local import launcher

NEO4J_IMAGE = "neo4j:5.26-community"
Origin = Literal["NEO4J_URI", "testcontainers", "local"]


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    username: str
    password: str
    origin: Origin
    detail: str


def _docker_answers(timeout: float = 2.0) -> bool:
    """True when a Docker engine answers `GET /_ping` on DOCKER_HOST (or the default socket)."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    try:
        if host.startswith("unix://"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address: str | tuple[str, int] = host.removeprefix("unix://")
        elif host.startswith("tcp://"):
            netloc = urlsplit(host)
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (netloc.hostname or "127.0.0.1", netloc.port or 2375)
        else:
            return False
        with sock:
            sock.settimeout(timeout)
            sock.connect(address)
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            return sock.recv(64).split(b"\r\n")[0].endswith(b" 200 OK")
    except OSError:
        return False


@contextmanager
def _testcontainer() -> Iterator[Neo4jTarget]:
    from testcontainers.neo4j import Neo4jContainer

    password = "tracegraph-test"
    with Neo4jContainer(NEO4J_IMAGE, password=password) as container:
        yield Neo4jTarget(
            uri=container.get_connection_url(),
            username="neo4j",
            password=password,
            origin="testcontainers",
            detail=NEO4J_IMAGE,
        )


@contextmanager
def _local(config: launcher.LocalNeo4jConfig, keep_running: bool) -> Iterator[Neo4jTarget]:
    already = launcher.status(config).pid
    pid = launcher.start(config)
    try:
        yield Neo4jTarget(
            uri=config.bolt_uri,
            username="neo4j",
            password=launcher.password_of(config),
            origin="local",
            detail=f"instance '{config.instance}' pid {pid}, data in {config.instance_dir}",
        )
    finally:
        if already is None and not keep_running:
            with suppress(launcher.Neo4jLaunchError):
                launcher.stop(config)


@contextmanager
def neo4j_target(
    *, instance: str = "dev", keep_running: bool = False, allow_docker: bool = True
) -> Iterator[Neo4jTarget]:
    """Yield where Neo4j is; on exit, stop what this call started (unless `keep_running`)."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield Neo4jTarget(
            uri=uri,
            username=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            origin="NEO4J_URI",
            detail=uri,
        )
        return
    if allow_docker and _docker_answers():
        with _testcontainer() as target:
            yield target
        return
    with _local(launcher.LocalNeo4jConfig.from_env(instance), keep_running) as target:
        yield target
