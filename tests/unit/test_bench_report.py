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
