"""Offset paging shared by every list endpoint: `?limit=&offset=` in, `next_offset` out."""

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

MAX_OFFSET = 100_000_000  # far beyond any real list, and inside Neo4j's 64-bit integers


class Paging(BaseModel):
    limit: int
    offset: int

    def next_offset(self, returned: int) -> int | None:
        """Where the next page starts, or None when this page was the last."""
        return self.offset + self.limit if returned == self.limit else None


async def _paging(
    limit: Annotated[int, Query(ge=1, le=500, description="Page size")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip")] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)


PagingDep = Annotated[Paging, Depends(_paging)]


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_offset: int | None


DEFAULT_ROWS = 10_000
MAX_ROWS = 100_000
RowsLimit = Annotated[
    int, Query(ge=1, le=MAX_ROWS, description="Most rows (of each list) in one answer (JSON)")
]
RowsOffset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description="The next_offset of the previous page")
]
