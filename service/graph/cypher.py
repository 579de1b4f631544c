"""Cypher lives in `cypher/<area>/<verb_noun>.cypher`, one statement per file, loaded by name."""

import re
from functools import cache
from pathlib import Path
from typing import LiteralString

CYPHER_ROOT = Path(__file__).resolve().parents[2] / "cypher"


class CypherNotFound(LookupError):
    """A query name with no file behind it (a test checks every name used exists)."""


@cache
def cypher(name: str) -> LiteralString:
    """The text of `cypher/<name>.cypher`, e.g. `cypher("health/get_components")`.

    The files are ours, never user input, which is what makes the `LiteralString` cast sound;
    values always travel as parameters.
    """
    path = CYPHER_ROOT / f"{name}.cypher"
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise CypherNotFound(f"no Cypher file {path}") from None
    return text.removesuffix(";")  # our own files: safe to treat as literal


@cache
def chained(first: str, then: str, column: str) -> LiteralString:
    """Two files as one statement, one round trip instead of two: `first` runs as a subquery
    answering one row, and its column `column` stands wherever `then` reads the parameter
    `$column` (e.g. the entries a trace starts from, then the trace's reach from them). Each
    file still runs on its own, as in Neo4j Browser."""
    body = re.sub(rf"\${column}\b", column, cypher(then))
    if body == cypher(then):
        raise ValueError(f"{then} reads no ${column}")
    return f"CALL () {{\n{cypher(first)}\n}}\n{body}"  # our own files, as `cypher`


@cache
def in_sequence(names: tuple[str, ...], then: str | None = None) -> LiteralString:
    """Files that write and answer nothing, as one statement that runs them in order, each as
    a unit subquery (`CALL () { ... }`): one round trip instead of one per file, and each
    clause sees what the ones before it wrote. `then`, a file that may answer rows, runs after
    them all (e.g. lock a posting's items, then read what it needs). Their parameters share
    one map, so each file names its own."""
    for name in names:
        if re.search(r"^RETURN\b", cypher(name), re.MULTILINE):  # a top-level RETURN
            raise ValueError(f"{name} answers rows; in_sequence runs files that answer nothing")
    units = [f"CALL () {{\n{cypher(name)}\n}}" for name in names]
    return "\n".join(units + ([cypher(then)] if then else []))  # our own files, as `cypher`


def names_in(area: str) -> list[str]:
    """Every query name in one folder of `cypher/`, sorted (e.g. the schema statements)."""
    return sorted(f"{area}/{p.stem}" for p in (CYPHER_ROOT / area).glob("*.cypher"))
