"""The entry numbers this process holds (`NumberBlock`): drawn from the `LedgerSequence` a block
at a time in a transaction of their own, and the unused ones given back when the service stops.
"""

import asyncio
from typing import Protocol

from service.domain.entry_numbers import NumberBlock


class _Graph(Protocol):
    async def run_alone(self, name: str, parameters: dict[str, object]) -> dict[str, object]: ...


class EntryNumbers:
    """Entry numbers for the postings of one process, `size` drawn at a time (1: one draw per
    posting, no number ever left unused)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._block = NumberBlock()
        self._drawing = asyncio.Lock()

    async def take(self, graph: _Graph, count: int, sequence_at: int | None) -> int:
        """Reserve `count` numbers for a posting that read the sequence at `sequence_at` while
        holding its items' locks; returns the number before the first. A draw takes
        max(`count`, `size`) numbers in a short transaction of its own, so the sequence's lock
        is held for that transaction only."""
        if not self._block.serves(count, sequence_at):
            async with self._drawing:
                # Another posting may have drawn while this one waited: its block serves too.
                if not self._block.serves(count, sequence_at):
                    size = max(count, self.size)
                    params: dict[str, object] = {"count": size}
                    found = await graph.run_alone("postings/next_entry_numbers", params)
                    before = found["before"]
                    assert isinstance(before, int)
                    self._block = self._block.drawn_after(before, size)
                before, self._block = self._block.take(count)
                return before
        before, self._block = self._block.take(count)
        return before

    def forget(self) -> None:
        """Drop the block: the next posting draws afresh."""
        self._block = NumberBlock()

    def give_back(self) -> dict[str, int] | None:
        """Forget the unused numbers and return the parameters of
        `postings/return_entry_numbers`, which gives them back to the sequence (None: none are
        left)."""
        block, self._block = self._block, NumberBlock()
        if not block.unused:  # only a draw leaves numbers unused
            return None
        return {"last": block.last, "next": block.next}
