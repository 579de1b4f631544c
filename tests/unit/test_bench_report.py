"""The benchmark's Markdown tables, as the README shows them, from a committed results file."""

import json
from pathlib import Path
from typing import Any

from bench.__main__ import markdown_report

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results"


def _rows(report: dict[str, Any]) -> list[str]:
    lines = markdown_report(report).splitlines()
    return [line for line in lines if line.startswith("| ") and "---" not in line]


def test_the_markdown_tables_hold_every_query_and_target() -> None:
    rows = _rows(json.loads((RESULTS / "M.json").read_text()))
    assert [r.split(" | ")[0] for r in rows[1:7]] == [
        "| backward trace", "| backward trace + viewer graph", "| forward trace",
        "| forward trace + viewer graph", "| recall", "| where-is",
    ]  # fmt: skip
    targets = rows[8:]
    assert len(targets) == 7
    assert all(t.endswith(("| yes |", "| **no** |")) for t in targets)
    api_over_raw = next(t for t in targets if t.startswith("| API / raw Cypher"))
    assert "x with the viewer graph" in api_over_raw


def test_a_traces_answer_with_its_graph_is_timed_against_the_traces_own_raw_cypher() -> None:
    report = json.loads((RESULTS / "M.json").read_text())
    forward = report["queries"]["forward trace"]
    rows = _rows(report)
    lean, with_graph = (r.split(" | ") for r in rows[3:5])
    p95 = forward["api_with_graph"]["p95_ms"]
    assert with_graph[4].split(" / ")[1] == str(p95)
    assert with_graph[5] == lean[5]  # the trace's own raw Cypher
    ratio = forward["api_with_graph_over_raw_p95"]
    assert with_graph[6:] == ["- / - / -", f"{ratio}x", "-", "-", "- |"]


def test_results_from_before_the_graph_was_timed_apart_have_no_such_rows() -> None:
    report = json.loads((RESULTS / "M.json").read_text())
    for query in report["queries"].values():
        query.pop("api_with_graph", None)
        query.pop("api_with_graph_over_raw_p95", None)
    rows = _rows(report)
    assert [r.split(" | ")[0] for r in rows[1:5]] == [
        "| backward trace", "| forward trace", "| recall", "| where-is",
    ]  # fmt: skip
    assert "viewer graph" not in markdown_report(report)
