"""Backup and restore of a local instance with Neo4j's own admin tool: `neo4j-admin database
dump` / `load` (class `org.neo4j.cli.AdminTool`). Neo4j Community dumps and loads a database only
while it is offline, so each stops the instance, runs the tool, and starts it again if it was
running. Meanwhile the service answers 503 with Retry-After (its handler for an unreachable
Neo4j), and a client retries.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from service.neo4j_local.launcher import (
    ADMIN_TOOL,
    LocalNeo4jConfig,
    Neo4jLaunchError,
    _java_env,
    _require,
    _write_config,
    resolve_jars,
    start,
    stop,
)

DATABASE = "neo4j"


def _admin(config: LocalNeo4jConfig, *args: str) -> None:
    java = _require("java", "to run Neo4j's admin tool")
    lib = resolve_jars(config)
    conf_dir = _write_config(config)
    cmd = [java, "-cp", f"{lib}/*", ADMIN_TOOL, *args]
    done = subprocess.run(
        cmd, env=_java_env(config, conf_dir), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise Neo4jLaunchError(
            f"neo4j-admin {' '.join(args[:2])} failed:\n" + (done.stdout + done.stderr)[-2000:]
        )


def dump(config: LocalNeo4jConfig, target: Path, *, database: str = DATABASE) -> bool:
    """Write the database to `target` (a Neo4j dump file); returns whether the instance was
    running (it is started again)."""
    was_running = stop(config)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".tracegraph-dump-") as tmp:
            _admin(config, "database", "dump", database, f"--to-path={tmp}")
            Path(tmp, f"{database}.dump").replace(target)
    finally:
        if was_running:
            start(config)
    return was_running


def load(config: LocalNeo4jConfig, source: Path, *, database: str = DATABASE) -> bool:
    """Replace the database with the dump `source`; returns whether the instance was running
    (it is started again)."""
    was_running = stop(config)
    try:
        with tempfile.TemporaryDirectory(prefix="tracegraph-load-") as tmp:
            shutil.copyfile(source, Path(tmp, f"{database}.dump"))
            _admin(config, "database", "load", database, f"--from-path={tmp}",
                   "--overwrite-destination=true")  # fmt: skip
    finally:
        if was_running:
            start(config)
    return was_running
