"""Cypher lives in `cypher/<area>/<verb_noun>.cypher`, one statement per file, loaded by name."""

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


def names_in(area: str) -> list[str]:
    """Every query name in one folder of `cypher/`, sorted (e.g. the schema statements)."""
    return sorted(f"{area}/{p.stem}" for p in (CYPHER_ROOT / area).glob("*.cypher"))
