"""The driver, opened by the app's lifespan, and the transaction helpers every area uses."""

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, Concatenate, LiteralString, ParamSpec, TypeVar

from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    NotificationMinimumSeverity,
)
from neo4j.exceptions import (
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from service.errors import Conflict
from service.graph.cypher import cypher
from service.graph.entry_numbers import EntryNumbers
from service.graph.queues import KeyedQueues
from service.metrics import TRANSACTION_SECONDS
from service.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger("tracegraph")
TxFunction = Callable[Concatenate[AsyncManagedTransaction, P], Awaitable[T]]

# Raised when Neo4j cannot be reached or is restarting: the API answers 503 with Retry-After.
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    ServiceUnavailable,
    SessionExpired,
    DriverError,
    TransientError,
    OSError,
    TimeoutError,
)

# Giving unused entry numbers back at shutdown may fail: they stay a gap, the driver still closes.
GIVE_BACK_ERRORS: tuple[type[Exception], ...] = (Neo4jError, *UNAVAILABLE_ERRORS)


class Graph:
    """One database on one driver. Transaction functions may be retried by the driver, so they
    read, decide (pure domain rules) and write inside the transaction, with no other effects."""

    def __init__(self, driver: AsyncDriver, database: str, *, entry_number_block: int = 1) -> None:
        self.driver = driver
        self.database = database
        self.queues = KeyedQueues()
        self.entry_numbers = EntryNumbers(entry_number_block)

    async def read(self, work: TxFunction[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        async with _timed(work, "read"), self.driver.session(database=self.database) as session:
            return await session.execute_read(work, *args, **kwargs)

    async def write(self, work: TxFunction[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        async with _timed(work, "write"), self.driver.session(database=self.database) as session:
            return await session.execute_write(work, *args, **kwargs)

    async def run_alone(self, name: str, parameters: dict[str, Any]) -> dict[str, Any]:
        """The Cypher file `name`, answering one record, committed on its own (an auto-commit
        transaction: one round trip where a managed one takes two). The driver does not retry
        it: call it from a transaction function, which is retried whole."""
        started = time.perf_counter()
        try:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(cypher(name), parameters)
                found = await result.single(strict=True)
        finally:
            elapsed = time.perf_counter() - started
            TRANSACTION_SECONDS.labels(work=name, access="write").observe(elapsed)
        return dict(found)

    async def give_back_entry_numbers(self) -> None:
        """Give the entry numbers this process drew and did not use back to the sequence, if
        no one drew after it; if Neo4j cannot take them, they stay a gap."""
        unused = self.entry_numbers.give_back()
        if unused is None:
            return
        try:
            await self.driver.execute_query(
                cypher("postings/return_entry_numbers"), unused, database_=self.database
            )
        except GIVE_BACK_ERRORS as exc:
            log.warning("entry numbers left unused (a gap in the ledger's numbers): %s", exc)

    async def close(self) -> None:
        try:
            await self.give_back_entry_numbers()
        finally:
            await self.driver.close()


@asynccontextmanager
async def _timed(work: Callable[..., object], access: str) -> AsyncIterator[None]:
    """Observe the transaction's latency (retries included) under `module.function`."""
    name = f"{work.__module__.rsplit('.', 1)[-1]}.{getattr(work, '__name__', 'work')}"
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        TRANSACTION_SECONDS.labels(work=name, access=access).observe(elapsed)


def open_graph(
    *, uri: str, username: str, password: str, database: str, entry_number_block: int = 1
) -> Graph:
    """Create the driver (it connects lazily, so Neo4j may still be starting). Postings draw
    `entry_number_block` entry numbers at a time (`EntryNumbers`)."""
    driver = AsyncGraphDatabase.driver(
        uri,
        auth=(username, password),
        connection_timeout=3.0,
        connection_acquisition_timeout=10.0,
        max_transaction_retry_time=5.0,  # then 503 with Retry-After: clients retry, not hang
        liveness_check_timeout=30.0,
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )
    return Graph(driver, database, entry_number_block=entry_number_block)


def open_graph_for(settings: Settings) -> Graph:
    """The graph the settings name (NEO4J_URI must be set: `tracegraph serve` finds one)."""
    if settings.neo4j_uri is None:
        raise RuntimeError(
            "NEO4J_URI is not set: start the service with `tracegraph serve`, which finds or "
            "starts Neo4j, or set NEO4J_URI."
        )
    return open_graph(
        uri=settings.neo4j_uri,
        username=settings.neo4j_username,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
        entry_number_block=settings.entry_number_block,
    )


async def rows(
    tx: AsyncManagedTransaction, query: LiteralString, parameters: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run one statement and return its rows as plain dicts."""
    result = await tx.run(query, parameters)
    return [record.data() async for record in result]


@contextmanager
def refuse_duplicates(message: str) -> Iterator[None]:
    """Turn a uniqueness-constraint failure into a 409 that says what already exists."""
    try:
        yield
    except ConstraintError as exc:
        raise Conflict(message, code="already-exists") from exc


async def single(
    tx: AsyncManagedTransaction, query: LiteralString, parameters: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """Run one statement and return its only row, or None when it returned none."""
    found = await rows(tx, query, parameters)
    return found[0] if found else None


async def record(
    tx: AsyncManagedTransaction, query: LiteralString, parameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run a statement that answers exactly one record (of collected lists, say) and return it
    as is: the driver spends far more per record than per value, so long answers come as one
    record, and it is not copied value by value as `rows` does."""
    found = await (await tx.run(query, parameters)).single(strict=True)
    return dict(found)


async def value(
    tx: AsyncManagedTransaction, query: LiteralString, parameters: dict[str, Any] | None = None
) -> Any:
    """Run a statement that answers one record of one column and return that value."""
    found = await (await tx.run(query, parameters)).single(strict=True)
    return found[0]
