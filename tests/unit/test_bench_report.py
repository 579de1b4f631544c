"""The benchmark's Markdown tables, as the README shows them, from a committed results file."""

import json
from pathlib import Path

from bench.__main__ import markdown_report

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results"


def test_the_markdown_tables_hold_every_query_and_target() -> None:
    report = json.loads((RESULTS / "M.json").read_text())
    lines = markdown_report(report).splitlines()
    rows = [line for line in lines if line.startswith("| ") and "---" not in line]
    assert [r.split(" | ")[0] for r in rows[1:5]] == [
        "| backward trace", "| forward trace", "| recall", "| where-is",
    ]  # fmt: skip
    targets = rows[6:]
    assert len(targets) == 7
    assert all(t.endswith(("| yes |", "| **no** |")) for t in targets)


def test_a_traces_answer_with_its_graph_has_a_row_of_its_own_and_a_note_on_the_target() -> None:
    report = json.loads((RESULTS / "M.json").read_text())
    forward = report["queries"]["forward trace"]
    forward["api_with_graph"] = forward["api"] | {"p95_ms": 500.0}
    forward["api_with_graph_over_raw_p95"] = 1.4
    lines = markdown_report(report).splitlines()
    rows = [line for line in lines if line.startswith("| ") and "---" not in line]
    assert [r.split(" | ")[0] for r in rows[1:6]] == [
        "| backward trace", "| forward trace", "| forward trace + viewer graph", "| recall",
        "| where-is",
    ]  # fmt: skip
    with_graph = rows[3].split(" | ")
    assert with_graph[4].split(" / ")[1] == "500.0"
    assert with_graph[5] == rows[2].split(" | ")[5]  # the trace's own raw Cypher
    assert with_graph[6:] == ["- / - / -", "1.4x", "-", "-", "- |"]
    api_over_raw = next(r for r in rows if r.startswith("| API / raw Cypher"))
    assert "1.4x with the viewer graph" in api_over_raw
