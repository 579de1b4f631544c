"""The stack under test: its own local Neo4j ("reliability" instance) and the service in a
separate process, so killing Neo4j leaves the service running, as in production."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import IO

import httpx

from service.main import server_options
from service.neo4j_local import LocalNeo4jConfig, launcher
from service.settings import Settings

# `service.main.server_options` as uvicorn's command line.
SERVER_FLAGS = ["--" + k.replace("_", "-") + ("" if v is True else f"={v}")
                for k, v in server_options(Settings()).items()]  # fmt: skip


@dataclass
class Stack:
    neo4j: LocalNeo4jConfig
    port: int
    service: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_neo4j(self) -> float:
        started = time.monotonic()
        launcher.start(self.neo4j)
        return time.monotonic() - started

    def kill_neo4j(self) -> int:
        """kill -9 the Neo4j process (and reap it: it is this process's child)."""
        pid = launcher.status(self.neo4j).pid
        if pid is None:
            raise RuntimeError("Neo4j is not running")
        os.kill(pid, signal.SIGKILL)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # started by another process: wait until it is gone
            while launcher.status(self.neo4j).pid is not None:
                time.sleep(0.1)
        return pid

    def start_service(self) -> None:
        env = {
            **os.environ,
            "NEO4J_URI": self.neo4j.bolt_uri,
            "NEO4J_PASSWORD": launcher.password_of(self.neo4j),
            "TRACEGRAPH_API_KEYS_REQUIRED": "true",
        }
        self.log = (self.neo4j.instance_dir / "service.log").open("wb")
        self.service = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "service.main:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
             *SERVER_FLAGS],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise RuntimeError("the service did not answer /health within 60 s")

    def service_rss_mb(self) -> float:
        if self.service is None:
            return 0.0
        with open(f"/proc/{self.service.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        if self.service is not None:
            self.service.send_signal(signal.SIGTERM)
            self.service.wait(timeout=30)
        if self.log is not None:
            self.log.close()
        launcher.stop(self.neo4j)
