"""What must hold after the load, read back from the graph: nothing lost, nothing doubled, no
serial out twice, no negative stock."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from reliability.load import Outcome
from service.graph.cypher import cypher
from service.graph.store import Graph, Reader, rows


@dataclass
class Verdict:
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)  # acknowledged, not in the graph
    unacknowledged: list[str] = field(default_factory=list)  # in the graph, never acknowledged
    duplicated: list[str] = field(default_factory=list)
    serials_out_twice: list[str] = field(default_factory=list)
    negative_stock: list[str] = field(default_factory=list)
    ledger_mismatch: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        faults = (self.lost, self.unacknowledged, self.duplicated, self.serials_out_twice,
                  self.negative_stock, self.ledger_mismatch)  # fmt: skip
        return not any(faults)


async def _read(tx: Reader, prefix: str) -> tuple[list[dict[str, Any]], ...]:
    documents = await rows(tx, cypher("reliability/count_documents"), {"prefix": prefix})
    entries = await rows(tx, cypher("reliability/list_entries"), {"prefix": prefix})
    return documents, entries


def _check_entries(entries: list[dict[str, Any]], verdict: Verdict) -> None:
    by_number: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_number[(entry["itemNo"], entry["serialNo"], entry["lotNo"])].append(entry)
    for (item, serial, lot), found in sorted(by_number.items()):
        running = 0.0
        for entry in sorted(found, key=lambda e: e["entryNo"]):
            running = round(running + entry["quantity"], 5)
            if running < 0:
                verdict.negative_stock.append(f"{item} {serial or lot} at entry {entry['entryNo']}")
            if serial and running > 1:
                verdict.serials_out_twice.append(f"{item} {serial} at entry {entry['entryNo']}")
        remaining = round(sum(e["remainingQuantity"] for e in found if e["quantity"] > 0), 5)
        if remaining != running or any(e["remainingQuantity"] < 0 for e in found):
            verdict.ledger_mismatch.append(f"{item} {serial or lot}: {running} vs {remaining}")


async def verify(graph: Graph, outcome: Outcome, *, prefix: str = "LD") -> Verdict:
    documents, entries = await graph.read(_read, prefix)
    verdict = Verdict(acknowledged=len(outcome.acknowledged))
    counted = {d["documentNo"]: d["count"] for d in documents}
    verdict.lost = sorted(set(outcome.acknowledged) - set(counted))
    verdict.unacknowledged = sorted(set(counted) - set(outcome.acknowledged))
    verdict.duplicated = sorted(no for no, count in counted.items() if count > 1)
    _check_entries(entries, verdict)
    return verdict
