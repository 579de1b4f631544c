"""The relational baseline: a throwaway PostgreSQL cluster holding the same ledger as tables
(entries, applications, transfers, production/assembly links, serial-in-lot, containment),
loaded with COPY, indexed fairly, answering the same traces with `WITH RECURSIVE`.

PostgreSQL refuses to run as root, so the cluster lives in a directory owned by the `postgres`
system user (Debian's package creates it) and the bench starts and stops it through `runuser`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString

import psycopg

from bench.ledger import Ledger

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PORT = 55432

SCHEMA: list[LiteralString] = [
    """CREATE TABLE item_ledger_entry (
        entry_no bigint PRIMARY KEY, entry_type text NOT NULL, document_kind text NOT NULL,
        document_no text NOT NULL, posting_date date NOT NULL, item_no text NOT NULL,
        variant_code text NOT NULL, location_code text NOT NULL, quantity numeric NOT NULL,
        remaining_quantity numeric NOT NULL, open boolean NOT NULL, positive boolean NOT NULL,
        serial_no text NOT NULL, lot_no text NOT NULL, package_no text NOT NULL,
        expiration_date date, source_type text NOT NULL, source_no text NOT NULL)""",
    """CREATE TABLE item_application (
        outbound_entry_no bigint NOT NULL, inbound_entry_no bigint NOT NULL,
        quantity numeric NOT NULL)""",
    "CREATE TABLE item_transfer (arrived_entry_no bigint NOT NULL, left_entry_no bigint NOT NULL)",
    """CREATE TABLE order_link (
        order_no text NOT NULL, entry_no bigint NOT NULL, output boolean NOT NULL)""",
    """CREATE TABLE serial_lot (
        item_no text NOT NULL, variant_code text NOT NULL, serial_no text NOT NULL,
        lot_no text NOT NULL)""",
    """CREATE TABLE containment (
        child_kind text NOT NULL, item_no text NOT NULL, variant_code text NOT NULL,
        child_no text NOT NULL, package_no text NOT NULL)""",
]
INDEXES: list[LiteralString] = [
    "CREATE INDEX ON item_ledger_entry (serial_no, item_no)",
    "CREATE INDEX ON item_ledger_entry (lot_no, item_no)",
    "CREATE INDEX ON item_ledger_entry (item_no, variant_code, location_code) WHERE open",
    "CREATE INDEX ON item_application (outbound_entry_no) INCLUDE (inbound_entry_no)",
    "CREATE INDEX ON item_application (inbound_entry_no) INCLUDE (outbound_entry_no)",
    "CREATE INDEX ON item_transfer (arrived_entry_no) INCLUDE (left_entry_no)",
    "CREATE INDEX ON item_transfer (left_entry_no) INCLUDE (arrived_entry_no)",
    "CREATE INDEX ON order_link (entry_no) INCLUDE (order_no, output)",
    "CREATE INDEX ON order_link (order_no, output) INCLUDE (entry_no)",
    "CREATE INDEX ON serial_lot (item_no, serial_no)",
    "CREATE INDEX ON containment (child_kind, item_no, child_no)",
    "CREATE INDEX ON containment (package_no)",
]

# One step of a trace, as a lateral subquery on the current entry `t.entry_no`.
BACKWARD: LiteralString = """
WITH RECURSIVE trace(entry_no) AS (
    SELECT entry_no FROM item_ledger_entry WHERE serial_no = %(serial)s AND item_no = %(item)s
  UNION
    SELECT step.next FROM trace t CROSS JOIN LATERAL (
        SELECT a.inbound_entry_no AS next FROM item_application a
        WHERE a.outbound_entry_no = t.entry_no
      UNION ALL
        SELECT x.left_entry_no FROM item_transfer x WHERE x.arrived_entry_no = t.entry_no
      UNION ALL
        SELECT c.entry_no FROM order_link o
        JOIN order_link c ON c.order_no = o.order_no AND NOT c.output
        WHERE o.entry_no = t.entry_no AND o.output
    ) step
)
"""
# A forward trace starts from the lot's inbound entries and follows each step on.
_FORWARD_FROM: LiteralString = """
WITH RECURSIVE trace(entry_no) AS (
    SELECT entry_no FROM item_ledger_entry
    WHERE lot_no = %(lot)s AND item_no = %(item)s AND positive
      AND entry_type NOT IN ('Consumption', 'Assembly Consumption')
  UNION
    SELECT step.next FROM trace t CROSS JOIN LATERAL (
        SELECT a.outbound_entry_no AS next FROM item_application a
        WHERE a.inbound_entry_no = t.entry_no
      UNION ALL
        SELECT x.arrived_entry_no FROM item_transfer x WHERE x.left_entry_no = t.entry_no
      UNION ALL
        SELECT o.entry_no FROM order_link c
        JOIN order_link o ON o.order_no = c.order_no AND o.output
        WHERE c.entry_no = t.entry_no AND NOT c.output"""
_END_STEPS: LiteralString = """
    ) step
)
"""
# Business Central's FindComponents forward from a consumption also lists the order's other
# consumption (the trace's show_components=all; the bench data has no untracked entries, so
# its ExitLevel stops nothing here). A recall does not: what else went into an order is not
# affected by the recalled lot.
_SIBLINGS: LiteralString = """
      UNION ALL
        SELECT s.entry_no FROM order_link c
        JOIN order_link s ON s.order_no = c.order_no AND NOT s.output AND s.entry_no <> c.entry_no
        WHERE c.entry_no = t.entry_no AND NOT c.output"""
FORWARD: LiteralString = _FORWARD_FROM + _SIBLINGS + _END_STEPS
# The trace's rows with the fields `GET /v1/trace` answers with, as a user of either store needs.
TRACE_ROWS: LiteralString = """
SELECT e.entry_no, e.entry_type, e.document_kind, e.document_no, e.posting_date, e.item_no,
       e.variant_code, e.serial_no, e.lot_no, e.package_no, e.location_code, e.source_type,
       e.source_no, e.quantity, e.remaining_quantity
FROM trace JOIN item_ledger_entry e USING (entry_no)
"""
BACKWARD_ENTRIES: LiteralString = BACKWARD + TRACE_ROWS
FORWARD_ENTRIES: LiteralString = FORWARD + TRACE_ROWS
# A recall follows the flow forward as the trace does, and follows each number it reaches as a
# whole, as the service does: the other inbound entries of a serial (stock a customer sent back),
# and of a lot those without a serial number.
RECALL_REACH: LiteralString = (
    _FORWARD_FROM
    + """
      UNION ALL
        SELECT other.entry_no FROM item_ledger_entry e
        JOIN item_ledger_entry other ON other.serial_no = e.serial_no
          AND other.item_no = e.item_no AND other.variant_code = e.variant_code
        WHERE e.entry_no = t.entry_no AND e.serial_no <> '' AND other.positive
          AND other.entry_type NOT IN ('Consumption', 'Assembly Consumption')
      UNION ALL
        SELECT other.entry_no FROM item_ledger_entry e
        JOIN item_ledger_entry other ON other.lot_no = e.lot_no
          AND other.item_no = e.item_no AND other.variant_code = e.variant_code
        WHERE e.entry_no = t.entry_no AND e.lot_no <> '' AND other.serial_no = ''
          AND other.positive
          AND other.entry_type NOT IN ('Consumption', 'Assembly Consumption')"""
    + _END_STEPS
)
# A recall: every serial reached, every customer shipped to, the stock still on hand.
RECALL: LiteralString = (
    RECALL_REACH
    + """
SELECT 'serial' AS kind, e.item_no || '/' || e.serial_no AS value
FROM trace JOIN item_ledger_entry e USING (entry_no) WHERE e.serial_no <> ''
UNION
SELECT 'customer', e.source_no
FROM trace JOIN item_ledger_entry e USING (entry_no)
WHERE e.entry_type = 'Sale' AND e.quantity < 0
UNION
SELECT 'stock', e.entry_no::text
FROM trace JOIN item_ledger_entry e USING (entry_no) WHERE e.open
"""
)
# Where a serial is: its containment chain now, its open entries, the customers it went to.
WHERE_IS: LiteralString = """
WITH RECURSIVE chain(package_no, depth) AS (
    SELECT c.package_no, 1 FROM containment c
    WHERE c.child_kind = 'serial' AND c.item_no = %(item)s AND c.child_no = %(serial)s
  UNION
    SELECT c.package_no, chain.depth + 1 FROM chain
    JOIN containment c ON c.child_kind = 'package' AND c.child_no = chain.package_no
)
SELECT 'package' AS kind, package_no AS value FROM chain
UNION ALL
SELECT 'location', location_code FROM item_ledger_entry
WHERE serial_no = %(serial)s AND item_no = %(item)s AND open
UNION ALL
SELECT 'customer', source_no FROM item_ledger_entry
WHERE serial_no = %(serial)s AND item_no = %(item)s AND entry_type = 'Sale' AND quantity < 0
"""


@dataclass(frozen=True)
class Cluster:
    data_dir: Path
    port: int = PORT

    @property
    def dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"


def _as_postgres(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *cmd], capture_output=True, text=True, check=True
    )


@contextmanager
def cluster(data_dir: Path, port: int = PORT) -> Iterator[Cluster]:
    """A fresh cluster in `data_dir` (wiped first), started now and stopped on exit."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(
            "PostgreSQL 15 server binaries are missing: apt-get install -y postgresql"
        )
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    shutil.chown(data_dir, "postgres", "postgres")
    os.chmod(data_dir, 0o700)
    _as_postgres(str(PG_BIN / "initdb"), "-D", str(data_dir), "-A", "trust", "-E", "UTF8")
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -c shared_buffers=4GB -c work_mem=64MB "
        "-c effective_cache_size=8GB -c maintenance_work_mem=1GB -c synchronous_commit=off "
        "-c max_wal_size=8GB -c unix_socket_directories=''"
    )
    log = data_dir / "server.log"
    _as_postgres(
        str(PG_BIN / "pg_ctl"), "-D", str(data_dir), "-o", options, "-l", str(log), "-w", "start"
    )
    try:
        yield Cluster(data_dir, port)
    finally:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "-w", "stop")


ENTRY_COLUMNS = (
    "entry_no",
    "entry_type",
    "document_kind",
    "document_no",
    "posting_date",
    "item_no",
    "variant_code",
    "location_code",
    "quantity",
    "remaining_quantity",
    "open",
    "positive",
    "serial_no",
    "lot_no",
    "package_no",
    "expiration_date",
    "source_type",
    "source_no",
)
ENTRY_KEYS = (
    "entryNo",
    "entryType",
    "documentKind",
    "documentNo",
    "postingDate",
    "itemNo",
    "variantCode",
    "locationCode",
    "quantity",
    "remainingQuantity",
    "open",
    "positive",
    "serialNo",
    "lotNo",
    "packageNo",
    "expirationDate",
    "sourceType",
    "sourceNo",
)


def _copy(
    conn: psycopg.Connection[Any], copy: LiteralString, rows: Sequence[Sequence[Any]]
) -> None:
    with conn.cursor() as cur, cur.copy(copy) as out:
        for row in rows:
            out.write_row(row)


def load(target: Cluster, ledger: Ledger) -> float:
    """Create the tables, COPY the ledger in, build the indexes, ANALYZE; returns seconds."""
    started = time.perf_counter()
    with psycopg.connect(target.dsn, autocommit=True) as conn:
        for statement in SCHEMA:
            conn.execute(statement)
        _copy(
            conn,
            "COPY item_ledger_entry (entry_no, entry_type, document_kind, document_no, "
            "posting_date, item_no, variant_code, location_code, quantity, remaining_quantity, "
            "open, positive, serial_no, lot_no, package_no, expiration_date, source_type, "
            "source_no) FROM STDIN",
            [tuple(e[k] for k in ENTRY_KEYS) for e in ledger.entries],
        )
        _copy(
            conn,
            "COPY item_application (outbound_entry_no, inbound_entry_no, quantity) FROM STDIN",
            [(a["outbound"], a["inbound"], a["quantity"]) for a in ledger.applications],
        )
        _copy(
            conn,
            "COPY item_transfer (arrived_entry_no, left_entry_no) FROM STDIN",
            [(t["arrived"], t["left"]) for t in ledger.transfers],
        )
        _copy(
            conn,
            "COPY order_link (order_no, entry_no, output) FROM STDIN",
            [
                (link["orderNo"], link["entryNo"], link["output"])
                for link in ledger.production_links + ledger.assembly_links
            ],
        )
        _copy(
            conn,
            "COPY serial_lot (item_no, variant_code, serial_no, lot_no) FROM STDIN",
            sorted(ledger.serial_lots),
        )
        _copy(
            conn,
            "COPY containment (child_kind, item_no, variant_code, child_no, package_no) FROM STDIN",
            [
                ("serial", p["itemNo"], p["variantCode"], p["serialNo"], p["packageNo"])
                for p in ledger.serial_packing
            ]
            + [("package", "", "", p["child"], p["packageNo"]) for p in ledger.package_packing],
        )
        for statement in INDEXES:
            conn.execute(statement)
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def connect(target: Cluster) -> psycopg.Connection[Any]:
    return psycopg.connect(target.dsn, autocommit=True)


def backward_entries(conn: psycopg.Connection[Any], *, item: str, serial: str) -> set[int]:
    return {r[0] for r in conn.execute(BACKWARD_ENTRIES, {"item": item, "serial": serial})}


def forward_entries(conn: psycopg.Connection[Any], *, item: str, lot: str) -> set[int]:
    return {r[0] for r in conn.execute(FORWARD_ENTRIES, {"item": item, "lot": lot})}


def recall(conn: psycopg.Connection[Any], *, item: str, lot: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"serial": set(), "customer": set(), "stock": set()}
    for kind, value in conn.execute(RECALL, {"item": item, "lot": lot}):
        found[kind].add(value)
    found["stock"] = {f"{len(found['stock'])} open entries"}
    return found


def where_is(conn: psycopg.Connection[Any], *, item: str, serial: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"package": set(), "location": set(), "customer": set()}
    for kind, value in conn.execute(WHERE_IS, {"item": item, "serial": serial}):
        found[kind].add(value)
    return found
