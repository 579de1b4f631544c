"""Tracking numbers as a trace or recall names them: Business Central's filter expressions, and
what to say when a number names nothing.

Item Tracing takes filters on Serial No., Lot No., Package No. and Item No. (`LOT*`, `L2|L3`,
`SN1..SN9`); this module parses the subset the service supports: `*` (any run of characters),
`?` (one character), `|` (or) and `..` (a range, either end open), and `'...'` for a number
taken literally. Anything else BC's filters know (`<`, `>`, `<>`, `&`, `@`, `=`, parentheses)
is refused with a 422 naming the field, never read as a number that matches nothing. A text
that is itself a stored number (GS1 serials and lots may hold * ? ' ( ) < > and more) is taken
as that number first.

Numbers stay case-sensitive (GS1 serials and lots are). A number that names nothing answers
404 `number-not-found`, with suggestions: the same text in another case, the same text as
another kind of number, and near matches (at most two edits away).
"""

import re
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from typing_extensions import TypedDict

from service.errors import InvalidInput, NotFound

NumberKind = Literal["serial", "lot", "package", "item"]
KIND_NAMES: dict[NumberKind, str] = {
    "serial": "serial number",
    "lot": "lot",
    "package": "package",
    "item": "item",
}
FIELDS: dict[NumberKind, str] = {
    "serial": "serial_no",
    "lot": "lot_no",
    "package": "package_no",
    "item": "item_no",
}
UNSUPPORTED = "<>=&@()"
MAX_EDITS = 2
MAX_SUGGESTIONS = 5


class Alternative(NamedTuple):
    """One `|`-separated part of a filter: a number (`exact`), a range (`low`..`high`, either
    open) or a pattern (`regex`, with the literal `prefix` before its first wildcard)."""

    exact: str | None = None
    low: str | None = None
    high: str | None = None
    prefix: str = ""
    regex: str | None = None


def is_filter(text: str) -> bool:
    """Whether `text` is a filter expression rather than one number."""
    return any(c in text for c in "*?|'") or ".." in text or any(c in text for c in UNSUPPORTED)


def _refuse(field: str, text: str, why: str) -> InvalidInput:
    return InvalidInput(
        f"{field} '{text}' {why}. Filters support * (any characters), ? (one character), "
        "| (or), .. (a range) and '...' (a number taken literally).",
        field=field,
        code="unsupported-filter",
    )


def _pattern(part: str) -> Alternative:
    prefix = re.split(r"[*?]", part, maxsplit=1)[0]
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in part)
    return Alternative(prefix=prefix, regex=regex)


def parse_filter(text: str, field: str) -> list[Alternative]:
    """The alternatives of the filter `text` on `field`; a 422 for what is not supported."""
    alternatives = []
    for part in text.split("|"):
        if len(part) >= 2 and part[0] == part[-1] == "'":
            alternatives.append(Alternative(exact=part[1:-1], prefix=part[1:-1]))
            continue
        if not part:
            raise _refuse(field, text, "has an empty alternative")
        if "'" in part:
            raise _refuse(field, text, "quotes only part of an alternative")
        bad = sorted({c for c in part if c in UNSUPPORTED})
        if bad:
            raise _refuse(field, text, f"uses {' '.join(bad)}, which is not supported")
        if ".." in part:
            low, _, high = part.partition("..")
            if ".." in high or any(c in part for c in "*?"):
                raise _refuse(field, text, "mixes a range with another range or a wildcard")
            if not low and not high:
                raise _refuse(field, text, "is a range with neither end")
            alternatives.append(Alternative(low=low or None, high=high or None))
        elif "*" in part or "?" in part:
            alternatives.append(_pattern(part))
        else:
            alternatives.append(Alternative(exact=part, prefix=part))
    return alternatives


class Known(TypedDict):
    """A number that exists: its kind, its text and the item it belongs to ('' for packages
    and items)."""

    kind: NumberKind
    no: str
    item_no: str


class Suggestion(TypedDict):
    kind: NumberKind
    no: str
    item_no: str
    why: str


def edits(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    neighbours, each one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _describe(k: Known) -> str:
    of_item = f" of item {k['item_no']}" if k["item_no"] else ""
    return f"{k['no']} is a {KIND_NAMES[k['kind']]}{of_item}"


def suggestions(
    kind: NumberKind, text: str, item_no: str | None, candidates: Iterable[Known]
) -> list[Suggestion]:
    """What `text` (a `kind` number, of `item_no` when given) may have meant, best first: the
    same number of another item, the same text in another case, the same text as another kind
    of number, then near matches of the same kind."""
    ranked: dict[tuple[str, str, str], tuple[int, Suggestion]] = {}

    def add(rank: int, k: Known, why: str) -> None:
        key = (k["kind"], k["no"], k["item_no"])
        if key not in ranked or ranked[key][0] > rank:
            ranked[key] = (rank, {**k, "why": why})

    for k in candidates:
        if k["kind"] == kind and k["no"] == text:
            if item_no and k["item_no"] != item_no:
                add(0, k, f"{_describe(k)}, not of item {item_no}")
        elif k["no"] == text:
            add(2, k, _describe(k))
        elif k["no"].casefold() == text.casefold():
            add(1, k, f"{_describe(k)} (numbers are case-sensitive)")
        elif k["kind"] == kind:
            distance = edits(k["no"], text)
            if distance <= MAX_EDITS:
                add(2 + distance, k, f"{_describe(k)} ({distance} character(s) different)")
    best = sorted(ranked.values(), key=lambda r: (r[0], r[1]["no"], r[1]["item_no"]))
    return [s for _, s in best[:MAX_SUGGESTIONS]]


def not_found(
    kind: NumberKind, text: str, item_no: str | None, found: Sequence[Suggestion]
) -> NotFound:
    """The 404 for a `kind` number `text` that names nothing."""
    of_item = f" of item {item_no}" if item_no and kind != "item" else ""
    message = f"No {KIND_NAMES[kind]} {text}{of_item} was found."
    if found:
        message += " Did you mean: " + "; ".join(s["why"] for s in found) + "?"
    return NotFound(
        message,
        code="number-not-found",
        field=FIELDS[kind],
        number=text,
        suggestions=list(found),
    )


def none_found(missing: Sequence[NotFound]) -> NotFound:
    """One 404 for every number of a request that names nothing (a recall of many numbers
    says which of them at once)."""
    if len(missing) == 1:
        return missing[0]
    return NotFound(
        f"{len(missing)} of the numbers were not found: " + " ".join(m.message for m in missing),
        code="number-not-found",
        missing=[{k: m.extra[k] for k in ("field", "number", "suggestions")} for m in missing],
    )
