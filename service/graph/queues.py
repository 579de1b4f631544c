"""In-process queues in front of Neo4j's locks.

A posting locks its items in Neo4j for its whole transaction, so postings of one item run one
after another whatever happens here. When several wait in Neo4j, though, its lock manager spins
on the CPU while it waits, and on a small machine the spinning takes the time the holder needs
to finish. Postings from this process therefore first queue here, on the same keys in the same
order, and only the one at the head of each queue goes to Neo4j: waiting costs nothing. The
Neo4j lock stays the guarantee (other processes, other services); this only orders the waiters.
"""

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import AsyncExitStack, asynccontextmanager


class KeyedQueues:
    """One FIFO lock per key, created on first use and dropped when nobody holds or awaits it.
    Belongs to one event loop (the app's)."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def _one(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    def held(self) -> list[str]:
        """The keys someone holds or awaits, sorted."""
        return sorted(self._locks)

    @asynccontextmanager
    async def holding(self, keys: Iterable[str]) -> AsyncIterator[None]:
        """Hold every key's turn, taken in sorted order (as Neo4j's locks are), so two holders
        of overlapping keys cannot wait on each other."""
        async with AsyncExitStack() as stack:
            for key in sorted(set(keys)):
                await stack.enter_async_context(self._one(key))
            yield
