"""Every Cypher file loads, compiles in the real Neo4j, and every name the code uses exists.
Files under `cypher/browser/` are for people in Neo4j Browser: each starts with its `:param`
examples, and compiles with them."""

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from service.graph.cypher import CYPHER_ROOT, CypherNotFound, cypher
from service.graph.store import Graph

ROOT = Path(__file__).resolve().parents[2]
# The service, the benchmark and the reliability suite load Cypher by name.
CODE = [ROOT / "service", ROOT / "bench", ROOT / "reliability"]
ALL_FILES = sorted(CYPHER_ROOT.rglob("*.cypher"))
# Folders read by listing (schema) or meant for people (browser), not loaded by name.
LISTED_AREAS = {"schema", "browser"}


def _names_used() -> set[str]:
    """Query names in the code: every literal `cypher("area/verb_noun")` argument, and string
    constants of that shape whose area is a folder of `cypher/` (names kept in tables, e.g. per
    customer/vendor); other slashed strings such as "text/csv" are not names."""
    used: set[str] = set()
    areas = {p.name for p in CYPHER_ROOT.iterdir() if p.is_dir()}
    for path in (p for folder in CODE for p in folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "cypher"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(str(node.args[0].value))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if (
                    re.fullmatch(r"[a-z_]+/[a-z_]+", node.value)
                    and node.value.split("/")[0] in areas
                ):
                    used.add(node.value)
    return used


def _name(path: Path) -> str:
    return path.relative_to(CYPHER_ROOT).with_suffix("").as_posix()


PARAM = re.compile(r"^// :param (\w+) => (.+)$", re.MULTILINE)


async def example_params(graph: Graph, text: str) -> dict[str, Any]:
    """A browser file's `// :param name => value` lines, each value evaluated by Neo4j (as
    Browser does)."""
    params = {}
    for name, expression in PARAM.findall(text):
        records, _, _ = await graph.driver.execute_query(
            f"RETURN {expression} AS value", database_=graph.database
        )
        params[name] = records[0]["value"]
    return params


def test_every_name_used_in_the_code_has_a_file() -> None:
    used = _names_used()
    assert used, "the code names no Cypher at all?"
    for name in sorted(used):
        assert cypher(name).strip(), f"{name} is empty"


def test_every_file_is_used_by_the_code() -> None:
    unused = {
        _name(p) for p in ALL_FILES if _name(p).split("/")[0] not in LISTED_AREAS
    } - _names_used()
    assert not unused, f"Cypher files nothing loads: {sorted(unused)}"


def test_unknown_name_is_a_clear_error() -> None:
    with pytest.raises(CypherNotFound, match="no Cypher file"):
        cypher("nowhere/no_such_query")


@pytest.mark.parametrize("path", ALL_FILES, ids=_name)
async def test_file_compiles_in_neo4j(graph: Graph, path: Path) -> None:
    text = cypher(_name(path))
    code = "\n".join(line.split("//")[0] for line in text.splitlines())
    assert ";" not in code, "one statement per file"
    if _name(path).startswith("schema/"):
        return  # schema commands cannot be EXPLAINed; test_schema applies them for real
    params: dict[str, Any] = {}
    if _name(path).startswith("browser/"):
        params = await example_params(graph, text)
        assert params, "a browser query starts with its `// :param name => value` examples"
    explain = "EXPLAIN " + text
    await graph.driver.execute_query(explain, params, database_=graph.database)
