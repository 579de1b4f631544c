"""Entry numbers a service process draws from the ledger's sequence a block at a time, as a
cached database sequence hands them out: one short transaction per block, not per posting.

An item's entries must number in the order they were posted, by whichever process posted
them. A process therefore uses its block only while the sequence still stands where one of its
own draws left it, read once the posting holds its items' locks: then no other process has
drawn since, so every number another process gave those items lies below this block. When
another process has drawn (or the database was emptied or restored), the posting draws afresh.
"""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class NumberBlock:
    """Numbers `next` to `last` drawn and not yet used (none when `next` > `last`), and the
    values the sequence was left at by this process's latest two draws."""

    next: int = 1
    last: int = 0
    drawn: tuple[int, ...] = ()

    @property
    def unused(self) -> int:
        return max(0, self.last - self.next + 1)

    def serves(self, count: int, sequence_at: int | None) -> bool:
        """Whether `count` numbers may come from this block for a posting that read the
        sequence at `sequence_at` (None: there is none) while holding its items' locks."""
        return sequence_at is not None and sequence_at in self.drawn and count <= self.unused

    def take(self, count: int) -> tuple[int, "NumberBlock"]:
        """The number before the `count` taken, and the block without them."""
        return self.next - 1, replace(self, next=self.next + count)

    def drawn_after(self, before: int, size: int) -> "NumberBlock":
        """The block after a draw of `size` numbers, the sequence having stood at `before`:
        this block's unused numbers and the new ones when the sequence still stood at this
        block's end (no one drew in between, so no number is skipped), else the new ones."""
        last = before + size
        first = self.next if before == self.last else before + 1
        return NumberBlock(next=first, last=last, drawn=(*self.drawn[-1:], last))
