"""The driver, opened by the app's lifespan, and the transaction helpers every area uses."""

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any, Concatenate, LiteralString, ParamSpec, Protocol, TypeVar

from neo4j import (
    READ_ACCESS,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncResult,
    AsyncSession,
    NotificationMinimumSeverity,
    Query,
    unit_of_work,
)
from neo4j.exceptions import (
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from service.errors import Conflict, OverBudget, TimedOut
from service.graph.cypher import cypher
from service.graph.entry_numbers import EntryNumbers
from service.graph.queues import KeyedQueues
from service.metrics import TRANSACTION_SECONDS
from service.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger("tracegraph")


class Reader(Protocol):
    """What a read function runs its statements on: `Graph.read` gives it a read session, where
    each statement is an auto-commit transaction of its own; a write's managed transaction is a
    `Reader` too, so the functions that reads and writes share take one."""

    async def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None
    ) -> AsyncResult: ...


TxFunction = Callable[Concatenate[AsyncManagedTransaction, P], Awaitable[T]]
ReadFunction = Callable[Concatenate[Reader, P], Awaitable[T]]

# How long the driver retries a transaction that failed transiently (a leader change, Neo4j
# restarting, a deadlock), and `Graph.read` a read; then the API answers 503 with Retry-After:
# clients retry, not hang. A retry waits 1 s, then 2 s, 4 s ..., each give or take 20%, as the
# driver's own retries do.
RETRY_SECONDS = 5.0
FIRST_RETRY_DELAY = 1.0

# Raised when Neo4j cannot be reached or is restarting: the API answers 503 with Retry-After.
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    ServiceUnavailable,
    SessionExpired,
    DriverError,
    TransientError,
    OSError,
    TimeoutError,
)

# When the request being served must be answered by (`time.monotonic()`), set by the API's
# `RequestBudget` middleware; every transaction it runs gets what is left as its timeout, which
# Neo4j enforces (it terminates the transaction). None outside requests: Neo4j's own limit.
request_deadline: ContextVar[float | None] = ContextVar("request_deadline", default=None)
MIN_TIMEOUT_SECONDS = 0.05

# The API key acting in the request being served, (id, name), set by the API's `KeyGate`; what
# a request writes records it (`actor()`). None outside requests (the CLI, imports).
acting_key: ContextVar[tuple[str, str] | None] = ContextVar("acting_key", default=None)


def actor() -> dict[str, str | None]:
    """The acting key as Cypher parameters `actorKeyId` and `actorKeyName`."""
    found = acting_key.get()
    return {"actorKeyId": found[0] if found else None, "actorKeyName": found[1] if found else None}


def _time_left() -> float | None:
    deadline = request_deadline.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimedOut(
            "The request's time budget ran out before the database answered; narrow the "
            "request (fewer numbers, a smaller page) or retry later.",
        )
    return max(left, MIN_TIMEOUT_SECONDS)


@contextmanager
def _budget_errors() -> Iterator[None]:
    """Neo4j's refusals of a budget as the API's: 504 past the deadline, 503 over memory."""
    try:
        yield
    except Neo4jError as exc:
        code = exc.code or ""
        deadline = request_deadline.get()
        # A transaction stopped at its timeout while waiting for a lock says LockClientStopped.
        if "TransactionTimedOut" in code or (deadline is not None and time.monotonic() >= deadline):
            raise TimedOut(
                "The request's time budget ran out before the database answered; narrow the "
                "request (fewer numbers, a smaller page) or retry later.",
            ) from exc
        if "MemoryPoolOutOfMemoryError" in code:
            raise OverBudget(
                "The request needs more memory in the database than one transaction may use; "
                "narrow it (fewer numbers, a smaller page, a smaller document).",
            ) from exc
        raise


class _Bounded:
    """A read session whose every statement carries the request's remaining time."""

    def __init__(self, session: AsyncSession, timeout: float) -> None:
        self.session = session
        self.timeout = timeout

    async def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None
    ) -> AsyncResult:
        return await self.session.run(Query(query, timeout=self.timeout), parameters)


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

    async def read(self, work: ReadFunction[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` on a read session, each of its statements an auto-commit transaction: one
        round trip a statement, where a managed transaction adds its begin and commit (on the
        M data of the bench, a backward trace 2.96 -> 2.28 ms at p50 and 6.37 -> 3.83 ms at
        p95). Neo4j reads committed data, so a managed transaction would not have shown the
        statements one snapshot either. A read has no effects: one that fails transiently is run
        again whole, as the driver retries a managed transaction."""
        async with _timed(work, "read"):
            deadline = time.monotonic() + RETRY_SECONDS
            delay = FIRST_RETRY_DELAY
            while True:
                left = _time_left()
                try:
                    async with self.driver.session(
                        database=self.database, default_access_mode=READ_ACCESS
                    ) as session:
                        with _budget_errors():
                            if left is None:
                                return await work(session, *args, **kwargs)
                            return await work(_Bounded(session, left), *args, **kwargs)
                except (DriverError, Neo4jError) as exc:
                    if not exc.is_retryable() or time.monotonic() + delay > deadline:
                        raise
                await asyncio.sleep(delay * random.uniform(0.8, 1.2))
                delay *= 2

    async def write(self, work: TxFunction[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        left = _time_left()
        async with _timed(work, "write"), self.driver.session(database=self.database) as session:
            with _budget_errors():
                if left is None:
                    return await session.execute_write(work, *args, **kwargs)

                @unit_of_work(timeout=left)
                async def bounded(tx: AsyncManagedTransaction) -> T:
                    return await work(tx, *args, **kwargs)

                return await session.execute_write(bounded)

    async def run_alone(self, name: str, parameters: dict[str, Any]) -> dict[str, Any]:
        """The Cypher file `name`, answering one record, committed on its own (an auto-commit
        transaction: one round trip where a managed one takes two). The driver does not retry
        it: call it from a transaction function, which is retried whole."""
        started = time.perf_counter()
        try:
            async with self.driver.session(database=self.database) as session:
                query = Query(cypher(name), timeout=_time_left())
                with _budget_errors():
                    result = await session.run(query, parameters)
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
                cypher("postings/return_entry_numbers"),
                unused,
                database_=self.database,
                bookmark_manager_=None,
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
        max_transaction_retry_time=RETRY_SECONDS,
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
    tx: Reader, query: LiteralString, parameters: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run one statement and return its rows as plain dicts. The statements answer values, lists
    and maps, never nodes or relationships, so a record's values are taken as they are:
    `record.data()` would copy each again, looking for nodes to turn into maps (a where-is spent
    ~0.2 ms in it, of ~0.35 ms the service's graph code adds to raw Cypher's time)."""
    result = await tx.run(query, parameters)
    return [dict(record) async for record in result]


@contextmanager
def refuse_duplicates(message: str) -> Iterator[None]:
    """Turn a uniqueness-constraint failure into a 409 that says what already exists."""
    try:
        yield
    except ConstraintError as exc:
        raise Conflict(message, code="already-exists") from exc


async def single(
    tx: Reader, query: LiteralString, parameters: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """Run one statement and return its only row, or None when it returned none."""
    found = await rows(tx, query, parameters)
    return found[0] if found else None


async def record(
    tx: Reader, query: LiteralString, parameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run a statement that answers exactly one record (of collected lists, say) and return it
    as is: the driver spends far more per record than per value, so long answers come as one
    record, and it is not copied value by value as `rows` does."""
    found = await (await tx.run(query, parameters)).single(strict=True)
    return dict(found)


async def value(tx: Reader, query: LiteralString, parameters: dict[str, Any] | None = None) -> Any:
    """Run a statement that answers one record of one column and return that value."""
    found = await (await tx.run(query, parameters)).single(strict=True)
    return found[0]
