"""Business Central's Item Tracing (codeunit 6520 "Item Tracing Mgt."), in pure Python over the
ledger of `bc_posting`.

The procedures below follow FindRecords, FirstLevel, NextLevel, FindComponents, InsertRecord and
ExitLevel of ItemTracingMgt.Codeunit.al (microsoft/BCApps) one for one:

- FirstLevel: the entries matching the filters (origin-to-usage: positive entries that are not
  Consumption, ascending; usage-to-origin: every entry, descending). An entry without a serial or
  lot number starts nothing. Usage-to-origin from a negative Transfer entry (a reclassification)
  starts from its positive side: the entry whose application names the same inbound entry as
  Transferred-from.
- NextLevel: a positive entry follows its applications (Inbound Item Entry No. = entry) to the
  outbound entries; a negative one (Outbound Item Entry No. = entry) to the inbound entries.
  Origin-to-usage skips the entry's own application, usage-to-origin keeps only it, and stops at
  a true origin (Outbound Item Entry No. = 0).
- FindComponents (Order Type Production or Assembly only): forward from a consumption it adds the
  order's other consumption (unless Show Components is No) and then its output; backward from an
  output it adds the order's consumption (unless No). Production matches by Order No. and Order
  Line No., assembly by Document No. "Item-tracked only" leaves out entries without numbers.
- InsertRecord: an entry already in the result is marked Already Traced (inserted again below a
  new parent, except at levels 0 and 1); ExitLevel stops at an entry without serial or lot, past
  level 50, of an item without SN/Lot Specific Tracking, or Already Traced.

The service's declared differences are options: `level_cap` (BC: 50; the service: none) and
`each_entry_once` (the service answers each entry once, BC lists an Already Traced entry again
under each parent that reaches it; `Trace.edges` keeps every such parent so a comparison can accept
any of them). Items are traced whatever their tracking code says (the service's third difference;
every tracked item of the oracle's chains is specific, so IsSpecificTracking is always true here).
"""

from dataclasses import dataclass, field
from typing import Literal

from tests.oracle.bc_posting import CONSUMPTION_TYPES, OUTPUT_TYPES, Application, Entry, Ledger

Method = Literal["origin-to-usage", "usage-to-origin"]
ShowComponents = Literal["no", "item-tracked-only", "all"]


@dataclass(frozen=True)
class Row:
    entry_no: int
    level: int
    parent: int  # 0 at level 0
    already_traced: bool


@dataclass
class Trace:
    rows: list[Row] = field(default_factory=list)
    # the entries FirstLevel starts from: each is a level-0 row unless an earlier start's branch
    # reached it first (an order that depends only on entry numbers)
    starts: set[int] = field(default_factory=set)

    @property
    def entries(self) -> set[int]:
        return {r.entry_no for r in self.rows}

    @property
    def edges(self) -> set[tuple[int, int]]:
        """(entry, parent) of every row BC would list, Already Traced rows included."""
        return {(r.entry_no, r.parent) for r in self.rows}

    def first_rows(self) -> list[Row]:
        """Each entry once, as the service answers: its first row."""
        seen: set[int] = set()
        out = []
        for r in self.rows:
            if r.entry_no not in seen:
                seen.add(r.entry_no)
                out.append(r)
        return out


@dataclass
class ItemTracing:
    """One FindRecords run: `trace()` builds the rows."""

    ledger: Ledger
    method: Method
    show: ShowComponents
    level_cap: int | None = None  # BC: 50
    result: Trace = field(default_factory=Trace)
    level: int = 0

    @property
    def forward(self) -> bool:
        return self.method == "origin-to-usage"

    def trace(self, *, item_no: str = "", serial_no: str = "", lot_no: str = "") -> Trace:
        """FindRecords / FirstLevel for exact (not wildcard) filters."""
        ledger = self.ledger
        starts = [
            e
            for e in ledger.entries
            if (not item_no or e.item_no == item_no)
            and (not serial_no or e.serial_no == serial_no)
            and (not lot_no or e.lot_no == lot_no)
        ]
        if self.forward:
            starts = [e for e in starts if e.positive and e.entry_type != "Consumption"]
        starts.sort(key=lambda e: e.no, reverse=not self.forward)
        for start in starts:
            if not start.tracked:
                continue
            first = start
            if not self.forward and start.entry_type == "Transfer" and not start.positive:
                first = self._positive_side(start) or start
            self.level = 0
            self.result.starts.add(first.no)
            if self._insert(first, 0):
                self._find_components(first)
                self._next_level(first)
        return self.result

    def _positive_side(self, negative: Entry) -> Entry | None:
        """FirstLevel's "Test for Reclass": the positive entry transferred from the same inbound."""
        own = next(
            (
                a
                for a in self.ledger.applications
                if a.outbound == negative.no
                and a.entry_no == negative.no
                and a.transferred_from == 0
            ),
            None,
        )
        if own is None:
            return None
        other = next(
            (
                a
                for a in self.ledger.applications
                if a.outbound == negative.no
                and a.entry_no != negative.no
                and a.transferred_from == own.inbound
            ),
            None,
        )
        return self.ledger.entry(other.entry_no) if other else None

    def _insert(self, entry: Entry, parent: int) -> bool:
        """InsertRecord: level 0 once per entry, level 1 once per parent, deeper always."""
        rows = self.result.rows
        already = any(r.entry_no == entry.no for r in rows)
        if self.level == 0 and already:
            return False
        if self.level == 1 and any(
            r.entry_no == entry.no and r.parent == parent and r.level != 1 for r in rows
        ):
            return False
        rows.append(Row(entry.no, self.level, parent, already))
        return True

    def _last_is(self, entry: Entry) -> bool:
        rows = self.result.rows
        return bool(rows) and rows[-1].entry_no == entry.no

    def _next_level(self, entry: Entry, already_traced: bool | None = None) -> None:
        """NextLevel from `entry` (whose row was just inserted)."""
        if already_traced is None:
            already_traced = self._last_is(entry) and self.result.rows[-1].already_traced
        if not entry.tracked or already_traced:
            return
        if self.level_cap is not None and self.level > self.level_cap:
            return
        self.level += 1
        apps: list[Application]
        if (
            not self.forward
            and entry.positive
            and any(
                a.inbound == entry.no and a.entry_no == entry.no and a.outbound == 0
                for a in self.ledger.applications
            )
        ):
            self.level -= 1  # a true origin: purchase, output, positive adjustment, return
            return
        if entry.positive:
            apps = [a for a in self.ledger.applications if a.inbound == entry.no]
        else:
            apps = [a for a in self.ledger.applications if a.outbound == entry.no]
        if self.forward:
            apps = [a for a in apps if a.entry_no != entry.no]
        else:
            apps = [a for a in apps if a.entry_no == entry.no]
        apps.sort(key=lambda a: (a.inbound, a.entry_no, a.outbound), reverse=not self.forward)
        for a in apps:
            track_no = a.outbound if entry.positive else a.inbound
            if track_no == 0:
                break
            found = self.ledger.entry(track_no)
            if self._insert(found, entry.no):
                traced = self.result.rows[-1].already_traced
                self._find_components(found)
                self._next_level(found, traced)
        self.level -= 1

    def _find_components(self, entry: Entry) -> None:
        """FindComponents: production / assembly genealogy from `entry`."""
        if entry.order_type not in ("Production", "Assembly") or not entry.order_no:
            return
        forward_from_consumption = self.forward and entry.entry_type in CONSUMPTION_TYPES
        backward_from_output = not self.forward and entry.entry_type in OUTPUT_TYPES
        if not (forward_from_consumption or backward_from_output):
            return
        same_order = [
            e
            for e in self.ledger.entries
            if e.order_type == entry.order_type
            and e.order_no == entry.order_no
            and e.no != entry.no
            and (
                e.order_line_no == entry.order_line_no
                if entry.order_type == "Production"
                else e.document_no == entry.document_no
            )
        ]
        if forward_from_consumption:
            if self.show != "no":
                for sibling in [e for e in same_order if e.entry_type in CONSUMPTION_TYPES]:
                    if self.show == "all" or sibling.tracked:
                        self.level += 1
                        if self._insert(sibling, entry.no):
                            self._next_level(sibling)
                        self.level -= 1
            wanted = [e for e in same_order if e.entry_type in OUTPUT_TYPES and e.positive]
        else:
            if self.show == "no":
                return
            wanted = [
                e
                for e in same_order
                if e.entry_type in CONSUMPTION_TYPES and e.positive != entry.positive
            ]
        self.level += 1
        for found in wanted:
            if self.show == "all" or found.tracked:
                if self._insert(found, entry.no):
                    self._next_level(found)
        self.level -= 1


def item_tracing(
    ledger: Ledger,
    method: Method,
    show: ShowComponents,
    *,
    item_no: str = "",
    serial_no: str = "",
    lot_no: str = "",
    level_cap: int | None = None,
) -> Trace:
    """Item Tracing as the service declares it: no level cap unless `level_cap` is given."""
    tracing = ItemTracing(ledger, method, show, level_cap=level_cap)
    return tracing.trace(item_no=item_no, serial_no=serial_no, lot_no=lot_no)
