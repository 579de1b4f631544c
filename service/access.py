"""Admin access, bootstrapped once: the first start of a database makes an admin API key and
writes it to a file only its owner may read; later starts name the file, never the key.

The file is `<data folder>/admin-api-key` (`TRACEGRAPH_DATA_DIR`, default `data/` in the
project). A file whose key no longer works in the database (a reset with `--api-keys`, another
database) is moved aside, never overwritten, before a new key is written.
"""

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from service.domain.api_keys import ApiKey, ApiKeyCreate
from service.graph import api_keys
from service.graph.store import Graph

ADMIN_KEY_FILE = "admin-api-key"
ADMIN_KEY_NAME = "admin (first start)"


@dataclass(frozen=True)
class AdminAccess:
    """Where the admin key is; `key` only when it was made just now (to print that once)."""

    path: Path
    key: str | None = None
    admin_keys: int = 0


def _live_admin(key: ApiKey | None, now: dt.datetime) -> bool:
    return key is not None and "admin" in key.scopes and key.refusal(now) is None


async def bootstrap_admin_key(graph: Graph, *, data_dir: Path) -> AdminAccess:
    """Make the first admin key if the file holds none that works in this database and the
    database has no live admin key; otherwise change nothing."""
    path = data_dir / ADMIN_KEY_FILE
    now = dt.datetime.now(dt.UTC)
    if path.exists():
        kept = path.read_text(encoding="utf-8").strip()
        if _live_admin(await api_keys.find_api_key(graph, key=kept), now):
            return AdminAccess(path=path)
    live = [k for k in await api_keys.list_api_keys(graph) if _live_admin(k, now)]
    if live:
        return AdminAccess(path=path, admin_keys=len(live))
    created = await api_keys.create_api_key(
        graph, request=ApiKeyCreate(name=ADMIN_KEY_NAME, scopes=["admin"])
    )
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        path.rename(path.with_name(f"{ADMIN_KEY_FILE}.replaced-{now:%Y%m%dT%H%M%SZ}"))
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(created.key + "\n")
    return AdminAccess(path=path, key=created.key)
