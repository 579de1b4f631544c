"""The expected recall, from the oracle's ledger.

A recall is Item Tracing origin-to-usage from the recalled numbers, closed over "a number reached
is affected as a whole": every positive entry of an affected number starts a forward trace of its
own (FirstLevel already starts from every positive entry of the number, so stock of it that came
back on a sales return, or a second receipt of the same lot, is followed too), until no new number
is reached. The forward trace runs with Show Components No: FindComponents then still goes from a
consumption to the output of its order, but leaves out the order's other consumption, which is
upstream of the output, not downstream of the recalled number.
"""

from collections import defaultdict
from dataclasses import dataclass

from tests.oracle.bc_item_tracing import item_tracing
from tests.oracle.bc_posting import Ledger

Number = tuple[str, str, str]  # item, serial, lot


@dataclass(frozen=True)
class ExpectedRecall:
    affected: frozenset[Number]
    shipments: frozenset[tuple[str, str]]  # (customer, shipment document)
    shipment_lines: dict[tuple[str, str, Number], float]  # (customer, document, number) -> qty
    returned: dict[str, float]  # customer -> quantity its returns of affected numbers brought back
    on_hand: dict[tuple[str, str, str, str], float]  # (item, serial, lot, location) -> qty

    @property
    def customers(self) -> set[str]:
        return {c for c, _ in self.shipments}


def affected_numbers(ledger: Ledger, recalled: list[Number]) -> set[Number]:
    """The fixpoint of forward traces from every number reached."""
    affected: set[Number] = set()
    todo = list(recalled)
    while todo:
        number = todo.pop()
        if number in affected:
            continue
        affected.add(number)
        item, serial, lot = number
        found = item_tracing(
            ledger, "origin-to-usage", "no", item_no=item, serial_no=serial, lot_no=lot
        )
        for no in found.entries:
            e = ledger.entry(no)
            if e.tracked and e.number not in affected:
                todo.append(e.number)
    # a recalled number names an item and a serial or a lot; the numbers on entries name both
    return {n for n in affected if any(e.number == n for e in ledger.entries)}


def expected_recall(ledger: Ledger, recalled: list[Number]) -> ExpectedRecall:
    affected = affected_numbers(ledger, [m for n in recalled for m in _widen_all(ledger, n)])
    shipments: set[tuple[str, str]] = set()
    lines: dict[tuple[str, str, Number], float] = defaultdict(float)
    returned: dict[str, float] = defaultdict(float)
    on_hand: dict[tuple[str, str, str, str], float] = defaultdict(float)
    for e in ledger.entries:
        if e.number not in affected:
            continue
        if e.entry_type == "Sale" and not e.positive:
            shipments.add((e.source_no, e.document_no))
            lines[(e.source_no, e.document_no, e.number)] += -e.quantity
        if e.entry_type == "Sale" and e.positive:
            returned[e.source_no] += e.quantity
        if e.positive and e.remaining > 0:
            on_hand[(e.item_no, e.serial_no, e.lot_no, e.location_code)] += e.remaining
    return ExpectedRecall(
        frozenset(affected), frozenset(shipments), dict(lines), dict(returned), dict(on_hand)
    )


def _widen_all(ledger: Ledger, number: Number) -> list[Number]:
    """A recall of a lot covers its serials: every (item, serial, lot) on an entry matching."""
    item, serial, lot = number
    return sorted(
        {
            e.number
            for e in ledger.entries
            if e.item_no == item
            and (not serial or e.serial_no == serial)
            and (not lot or e.lot_no == lot)
        }
    )
