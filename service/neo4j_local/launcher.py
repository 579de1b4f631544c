"""A real Neo4j Community server from Maven Central, for machines without Docker.

`neo4j-local/pom.xml` names the server's artifacts (and Neo4j Browser's). The jars are resolved
once with Maven into `<home>/lib/<pom digest>/` and reused; each instance ("dev" for the run
command, "test" for the test suite) keeps its config, data and logs under
`<home>/instances/<name>/` and runs `org.neo4j.server.CommunityEntryPoint`, the class the
`neo4j console` script runs, bound to loopback.

Its password is random, made on the instance's first start and kept in
`<instance>/credentials` (0600); the instance folder is 0700 and what Neo4j writes there is
private to the user (umask 077). An instance made before that still has the old fixed password:
its next start changes it to a new random one, keeping the data.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
POM = PROJECT_ROOT / "neo4j-local" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# The JVM options Neo4j's own neo4j.conf ships (`server.jvm.additional`), which its `neo4j`
# script passes and a bare `java` does not: without the module opens, Neo4j cannot reach the
# file descriptors it needs to preallocate and advise the kernel about its transaction logs
# (debug.log warns "Incorrect file descriptor" on every log file) and loses the JIT's trust in
# final fields; with them, bulk writes ran ~5 to 10% faster on this machine.
NEO4J_JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
)
# The password every instance had before they got random ones; a start migrates it away.
LEGACY_PASSWORD = "tracegraph-local"
BOLT_MAGIC = b"\x60\x60\xb0\x17"
# Bolt 5.0 to 5.8, then 4.4 to 4.0: any Neo4j 5 agrees to one of these.
BOLT_PROPOSALS = bytes([0, 8, 8, 5, 0, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0])
# Per-instance defaults: the test instance has its own ports and a smaller memory budget, so
# it can run beside the dev one; the benchmark's has its own ports, a bigger page cache and a
# bigger heap: its bulk ingest keeps two write transactions of 5,000 rows in flight, whose
# state each young collection copies while it lives, and with 4 GB those collections came half
# again as often (a load at M: 74 collector pauses, 3.2 s in all, 112 s; with 8 GB: 47 to 49
# pauses, 1.8 to 2.1 s, 103 to 108 s in three loads).
INSTANCE_DEFAULTS: dict[str, dict[str, object]] = {
    "dev": {"bolt_port": 7687, "http_port": 7474, "heap": "4g", "pagecache": "4g"},
    "test": {"bolt_port": 17687, "http_port": 17474, "heap": "2g", "pagecache": "1g"},
    "reliability": {"bolt_port": 19687, "http_port": 19474, "heap": "2g", "pagecache": "1g"},
    "bench": {"bolt_port": 47687, "http_port": 47474, "heap": "8g", "pagecache": "6g"},
}


class Neo4jLaunchError(RuntimeError):
    """The local Neo4j could not be prepared, started or stopped; the message says why."""


@dataclass(frozen=True)
class LocalNeo4jConfig:
    """One local instance. Memory defaults fit a 2-core / 24 GB machine."""

    instance: str = "dev"
    home: Path = PROJECT_ROOT / ".neo4j"
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "4g"
    pagecache: str = "4g"
    password: str | None = None  # NEO4J_PASSWORD; else the instance's own random one
    start_timeout: float = 180.0

    @classmethod
    def from_env(cls, instance: str = "dev", **overrides: object) -> LocalNeo4jConfig:
        """Defaults, then `TRACEGRAPH_NEO4J_*` variables, then explicit overrides."""
        env = os.environ
        values: dict[str, object] = {"instance": instance, **INSTANCE_DEFAULTS.get(instance, {})}
        if "TRACEGRAPH_HOME" in env:
            values["home"] = Path(env["TRACEGRAPH_HOME"])
        for name, key in (("bolt_port", "BOLT_PORT"), ("http_port", "HTTP_PORT")):
            if f"TRACEGRAPH_NEO4J_{key}" in env:
                values[name] = int(env[f"TRACEGRAPH_NEO4J_{key}"])
        for name, key in (("heap", "HEAP"), ("pagecache", "PAGECACHE")):
            if f"TRACEGRAPH_NEO4J_{key}" in env:
                values[name] = env[f"TRACEGRAPH_NEO4J_{key}"]
        if "NEO4J_PASSWORD" in env:
            values["password"] = env["NEO4J_PASSWORD"]
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def instance_dir(self) -> Path:
        return self.home / "instances" / self.instance

    @property
    def credentials_file(self) -> Path:
        return self.instance_dir / "credentials"

    @property
    def pid_file(self) -> Path:
        return self.instance_dir / "run" / "tracegraph-neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.instance_dir / "logs" / "console.log"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


@dataclass(frozen=True)
class Status:
    pid: int | None
    bolt_answers: bool

    @property
    def running(self) -> bool:
        return self.pid is not None


def _require(tool: str, why: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise Neo4jLaunchError(
            f"'{tool}' was not found on PATH; it is needed {why}. Install it (Debian: "
            f"apt-get install {'openjdk-17-jre-headless' if tool == 'java' else 'maven'}) "
            "or set NEO4J_URI to a Neo4j server you already run."
        )
    return path


def _check_java_version(java: str) -> None:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)', out)
    if match is None or int(match.group(1)) < 17:
        raise Neo4jLaunchError(
            f"Neo4j 5.26 needs Java 17 or later; '{java} -version' said: {out.strip()[:200]}"
        )


def resolve_jars(config: LocalNeo4jConfig) -> Path:
    """Copy the server's jars into the cache once; later calls reuse them."""
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()[:16]
    lib = config.home / "lib" / digest
    if (lib / ".complete").exists():
        return lib
    mvn = _require("mvn", "once, to fetch Neo4j's jars from Maven Central")
    partial = lib.with_name(lib.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    cmd = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={partial}",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Neo4jLaunchError(
            "Maven could not fetch Neo4j's jars:\n" + (done.stdout + done.stderr)[-2000:]
        )
    (partial / ".complete").touch()
    shutil.rmtree(lib, ignore_errors=True)
    partial.rename(lib)
    return lib


def _write_config(config: LocalNeo4jConfig) -> Path:
    conf_dir = config.instance_dir / "conf"
    conf_dir.mkdir(parents=True, exist_ok=True)
    (conf_dir / "neo4j.conf").write_text(
        "\n".join(
            [
                "# Written by service/neo4j_local on every start; edit LocalNeo4jConfig instead.",
                "server.default_listen_address=127.0.0.1",
                "server.default_advertised_address=127.0.0.1",
                f"server.bolt.listen_address=127.0.0.1:{config.bolt_port}",
                f"server.bolt.advertised_address=127.0.0.1:{config.bolt_port}",
                f"server.http.listen_address=127.0.0.1:{config.http_port}",
                f"server.http.advertised_address=127.0.0.1:{config.http_port}",
                "server.https.enabled=false",
                f"server.memory.heap.initial_size={config.heap}",
                f"server.memory.heap.max_size={config.heap}",
                f"server.memory.pagecache.size={config.pagecache}",
                "db.transaction.timeout=120s",
                # A transaction that would take more than a quarter of the heap fails (the API
                # answers 503) instead of Neo4j exiting with its heap exhausted.
                f"db.memory.transaction.total.max={_heap_bytes(config.heap) // 2}",
                f"db.memory.transaction.max={_heap_bytes(config.heap) // 4}",
                "dbms.usage_report.enabled=false",
                "dbms.security.auth_enabled=true",
                # Only Neo4j Browser's own origin may read the HTTP API from a web page.
                "dbms.security.http_access_control_allow_origin="
                f"http://127.0.0.1:{config.http_port}",
                "dbms.security.allow_csv_import_from_file_urls=false",
                f"server.directories.import={config.instance_dir / 'import'}",
                "",
            ]
        )
    )
    return conf_dir


def _heap_bytes(size: str) -> int:
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    match = re.fullmatch(r"(\d+)([kmg]?)", size.strip().lower())
    if match is None:
        raise Neo4jLaunchError(f"Heap size '{size}' is not a number with k, m or g")
    return int(match.group(1)) * units.get(match.group(2), 1)


def _java_env(config: LocalNeo4jConfig, conf_dir: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(config.instance_dir), "NEO4J_CONF": str(conf_dir)}


def password_of(config: LocalNeo4jConfig) -> str:
    """The instance's password: NEO4J_PASSWORD when given, else the one in its credentials file
    (made on first start). Never printed, except by `tracegraph neo4j credentials`."""
    if config.password is not None:
        return config.password
    try:
        return config.credentials_file.read_text().strip()
    except FileNotFoundError:
        raise Neo4jLaunchError(
            f"The local Neo4j '{config.instance}' has no password yet ({config.credentials_file} "
            "is missing): start it once with `tracegraph neo4j start`."
        ) from None


def _private(path: Path) -> None:
    """The instance folder 0700, everything in it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    for root, dirs, files in os.walk(path):
        for name in dirs:
            Path(root, name).chmod(0o700)
        for name in files:
            file = Path(root, name)
            if not file.is_symlink():
                file.chmod(0o600)


def _write_secret(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    path.chmod(0o600)


def _pending_migration(config: LocalNeo4jConfig) -> Path:
    return config.instance_dir / "credentials.migrating"


def _prepare_password(config: LocalNeo4jConfig) -> str:
    """The password this start sets or expects.

    An instance with a store but no credentials file was made with the old fixed password: a
    new random password is written now and `credentials.migrating` remembers to change it
    once the server answers (a start interrupted before that retries the change)."""
    has_users = (config.instance_dir / "data" / "databases" / "system").exists() or (
        config.instance_dir / "data" / "dbms" / "auth.ini"
    ).exists()
    if config.password is not None:
        return config.password
    if not config.credentials_file.exists():
        _write_secret(config.credentials_file, secrets.token_urlsafe(24))
        if has_users:
            _write_secret(_pending_migration(config), LEGACY_PASSWORD)
    return password_of(config)


def _set_initial_password(
    config: LocalNeo4jConfig, password: str, java: str, lib: Path, conf_dir: Path
) -> None:
    """Before the very first start only: the admin tool writes data/dbms/auth.ini."""
    if (config.instance_dir / "data" / "dbms" / "auth.ini").exists():
        return
    cmd = [java, "-cp", f"{lib}/*", ADMIN_TOOL, "dbms", "set-initial-password", password]
    done = subprocess.run(
        cmd, env=_java_env(config, conf_dir), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise Neo4jLaunchError("Setting Neo4j's initial password failed:\n" + done.stderr[-2000:])


def _http_cypher(
    config: LocalNeo4jConfig, password: str, statement: str, parameters: dict[str, str]
) -> int:
    """Run one statement on the system database over the HTTP API; the HTTP status."""
    body = json.dumps({"statements": [{"statement": statement, "parameters": parameters}]})
    token = base64.b64encode(f"neo4j:{password}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{config.http_port}/db/system/tx/commit",
        data=body.encode(),
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            errors = json.load(answer).get("errors", [])
            return 200 if not errors else 400
    except urllib.error.HTTPError as exc:
        return exc.code
    except urllib.error.URLError:
        return 0  # the HTTP connector opens a moment after Bolt's


def _finish_migration(config: LocalNeo4jConfig) -> None:
    """Change the old fixed password to the instance's random one; the data stays."""
    pending = _pending_migration(config)
    if not pending.exists():
        return
    old, new = pending.read_text().strip(), password_of(config)
    deadline = time.monotonic() + 60
    while True:
        status = _http_cypher(
            config, old, "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
            {"old": old, "new": new},
        )  # fmt: skip
        if status == 200 or _http_cypher(config, new, "SHOW CURRENT USER", {}) == 200:
            pending.unlink()
            return
        if time.monotonic() > deadline:
            raise Neo4jLaunchError(
                f"The local Neo4j '{config.instance}' refused both its old password and the one "
                f"in {config.credentials_file} (HTTP {status}); set NEO4J_PASSWORD to its password."
            )
        time.sleep(1.0)  # the HTTP connector may start a moment after Bolt


def bolt_answers(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """True when a Bolt server on host:port completes the version handshake."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(BOLT_MAGIC + BOLT_PROPOSALS)
            reply = sock.recv(4)
    except OSError:
        return False
    return len(reply) == 4 and reply != b"\x00\x00\x00\x00"


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child is not alive
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state != "Z"


def _read_pid(config: LocalNeo4jConfig) -> int | None:
    try:
        pid = int(config.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def status(config: LocalNeo4jConfig) -> Status:
    return Status(pid=_read_pid(config), bolt_answers=bolt_answers(config.bolt_port))


def start(config: LocalNeo4jConfig) -> int:
    """Start the instance in the background and wait until Bolt answers; return its pid.

    An instance already running is reused.
    """
    running = _read_pid(config)
    if running is not None:
        _wait_for_bolt(config, running)
        _finish_migration(config)
        return running
    for port in (config.bolt_port, config.http_port):
        if _port_taken(port):
            raise Neo4jLaunchError(
                f"Port {port} on 127.0.0.1 is already in use by another process. Stop it, "
                "choose other ports with TRACEGRAPH_NEO4J_BOLT_PORT / TRACEGRAPH_NEO4J_HTTP_PORT, "
                "or point NEO4J_URI at the server that listens there."
            )
    java = _require("java", "to run the local Neo4j")
    _check_java_version(java)
    lib = resolve_jars(config)
    conf_dir = _write_config(config)
    for sub in ("logs", "run", "data", "import"):
        (config.instance_dir / sub).mkdir(parents=True, exist_ok=True)
    _private(config.instance_dir)
    config.home.joinpath("instances").chmod(0o700)
    password = _prepare_password(config)
    previous = os.umask(0o077)  # what the admin tool and Neo4j write stays private
    try:
        _set_initial_password(config, password, java, lib, conf_dir)
        command = server_command(config, java, lib, conf_dir)
        pid = _spawn(command, env=_java_env(config, conf_dir), log=config.console_log)
    finally:
        os.umask(previous)
    _write_secret(config.pid_file, str(pid))
    _wait_for_bolt(config, pid)
    _finish_migration(config)
    return pid


def server_command(config: LocalNeo4jConfig, java: str, lib: Path, conf_dir: Path) -> list[str]:
    """The `java` command line of the server: what `neo4j console` runs, options and all."""
    return [
        java, f"-Xms{config.heap}", f"-Xmx{config.heap}", *NEO4J_JVM_OPTIONS,
        "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
        "-cp", f"{lib}/*", ENTRY_POINT,
        f"--home-dir={config.instance_dir}", f"--config-dir={conf_dir}",
    ]  # fmt: skip


def _spawn(cmd: list[str], *, env: dict[str, str], log: Path) -> int:
    """Start a detached process (own session, stdin from /dev/null, output to `log`)."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawn(cmd[0], cmd, env, file_actions=actions, setsid=True)


def _wait_for_bolt(config: LocalNeo4jConfig, pid: int) -> None:
    deadline = time.monotonic() + config.start_timeout
    while time.monotonic() < deadline:
        if bolt_answers(config.bolt_port):
            return
        _reap(pid)
        if not _alive(pid):
            raise Neo4jLaunchError(
                f"Neo4j exited during start; the end of {config.console_log} and "
                f"{config.instance_dir / 'logs' / 'neo4j.log'}:\n{_tail(config)}"
            )
        time.sleep(0.25)
    raise Neo4jLaunchError(
        f"Neo4j did not answer on Bolt port {config.bolt_port} within "
        f"{config.start_timeout:.0f}s:\n{_tail(config)}"
    )


def _tail(config: LocalNeo4jConfig, lines: int = 30) -> str:
    parts = []
    for log in (config.console_log, config.instance_dir / "logs" / "neo4j.log"):
        if log.exists():
            parts.extend(log.read_text(errors="replace").splitlines()[-lines:])
    return "\n".join(parts)


def stop(config: LocalNeo4jConfig, timeout: float = 60.0) -> bool:
    """SIGTERM (Neo4j shuts down cleanly), SIGKILL after `timeout`; False if not running."""
    pid = _read_pid(config)
    if pid is None:
        config.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)
    config.pid_file.unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
