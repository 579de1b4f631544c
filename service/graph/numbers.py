"""Tracking numbers a trace or recall names: filter expressions resolved to the numbers they
match, and the 404 (with suggestions) for a number that names nothing."""

from typing import Any

from service.domain.numbers import (
    Alternative,
    Known,
    NumberKind,
    not_found,
    parse_filter,
    suggestions,
)
from service.errors import NotFound
from service.graph.cypher import cypher
from service.graph.store import Reader, value

CANDIDATE_LIMIT = 2000
"""Near matches considered at most: numbers of the kind that begin as the one asked for."""


def _known(found: list[dict[str, Any]]) -> list[Known]:
    """Numbers as the statements list them (`kind` is one of `NumberKind`: the statements
    write only those)."""
    return [{"kind": k["kind"], "no": k["no"], "item_no": k["itemNo"]} for k in found]


async def matching(
    tx: Reader, kind: NumberKind, alternatives: list[Alternative], item_nos: list[str] | None
) -> list[Known]:
    """The `kind` numbers (of an item in `item_nos`, when given) the alternatives match."""
    params = {
        "kind": kind,
        "alternatives": [a._asdict() for a in alternatives],
        "itemNos": item_nos,
    }
    return _known(await value(tx, cypher("numbers/find_numbers"), params))


async def resolve(
    tx: Reader, kind: NumberKind, text: str, field: str, item_nos: list[str] | None
) -> list[str]:
    """The numbers the filter `text` on `field` matches, each once, in order; a 404 when it
    matches none (a 422 for a filter that is not supported). A text that is itself a number
    (GS1 allows * ? ' ( ) and more in serials and lots) is that number, not a filter."""
    literal = [Alternative(exact=text, prefix=text)]
    if await matching(tx, kind, literal, item_nos):
        return [text]
    found = await matching(tx, kind, parse_filter(text, field), item_nos)
    if not found:
        raise not_found(kind, text, item_nos[0] if item_nos and len(item_nos) == 1 else None, [])
    return sorted({k["no"] for k in found})


async def unknown(tx: Reader, kind: NumberKind, text: str, item_no: str | None) -> NotFound | None:
    """None when the `kind` number `text` (of `item_no`, when given) exists; else its 404,
    with what it may have meant."""
    alternatives = [Alternative(exact=text, prefix=text)]
    if await matching(tx, kind, alternatives, [item_no] if item_no else None):
        return None
    params = {"text": text, "kind": kind, "prefix": text[: min(3, max(len(text) - 2, 0))],
              "limit": CANDIDATE_LIMIT}  # fmt: skip
    candidates = _known(await value(tx, cypher("numbers/find_number_candidates"), params))
    return not_found(kind, text, item_no, suggestions(kind, text, item_no, candidates))
