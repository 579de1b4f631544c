"""From a document and what the graph knows to the entries it will write, or a refusal.

`plan_posting` is pure: the graph layer reads a `PostingContext` inside the posting transaction
(after locking the document's items), calls it, and writes the `PostingPlan` it returns.
Outbound entries are split per inbound entry they apply to, so every outbound entry carries the
numbers (and expiration and warranty dates) of the stock it took; the arriving half of a transfer or
reclassification mirrors those pieces.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

from service.domain import tracking_rules as rules
from service.domain.application import Allocation, Applied, OpenEntry, allocate
from service.domain.applied_entries import AppliedEntry, reversing, taking_from
from service.domain.date_formulas import DateFormulaError, calc_date
from service.domain.items import Item
from service.domain.postings import (
    EXPIRATION_EXEMPT_KINDS,
    Document,
    Movement,
    Numbers,
    PostingLine,
    movements,
)
from service.domain.tracking_codes import DIMENSIONS, ItemTrackingCode
from service.errors import InvalidInput

CardKindName = Literal["serial", "lot", "package"]
CardRef = tuple[CardKindName, str, str, str]  # kind, item no, variant code, number
ItemKey = tuple[str, str, str]  # item no, variant code, number
CAPTIONS: dict[CardKindName, str] = {
    "serial": "Serial No. Information",
    "lot": "Lot No. Information",
    "package": "Package No. Information",
}


@dataclass(frozen=True)
class CardState:
    exists: bool
    blocked: bool


@dataclass
class PostingContext:
    """What the rules need to know, read under lock in the posting transaction."""

    items: dict[str, tuple[Item, ItemTrackingCode | None]]
    cards: dict[CardRef, CardState]
    lot_expirations: dict[ItemKey, dt.date]
    serials_on_inventory: set[ItemKey]
    open_entries: list[OpenEntry]
    applied_entries: dict[int, AppliedEntry] = field(default_factory=dict)  # entries lines name


@dataclass
class PlannedEntry:
    key: int  # negative until the graph layer numbers it
    movement: Movement
    remaining: float
    applied: list[tuple[int, float]] = field(default_factory=list)  # (inbound key, quantity)
    transferred_from: int | None = None  # the leaving half of a transfer/reclassification
    applied_from: int | None = None  # the outbound entry a return reverses


@dataclass
class PostingPlan:
    entries: list[PlannedEntry]
    remaining: dict[int, float]  # stored inbound entry no -> its new remaining quantity
    new_cards: list[CardRef]
    lot_expirations: dict[ItemKey, dt.date]


def card_ref(kind: CardKindName, item_no: str, variant_code: str, number: str) -> CardRef:
    """The card of a number: a serial number or lot of an item and variant; a package alone."""
    if kind == "package":
        return ("package", "", "", number)
    return (kind, item_no, variant_code, number)


def number_refs(item_no: str, variant_code: str, numbers: Numbers) -> list[CardRef]:
    """The cards of the numbers an entry or line carries."""
    named: list[tuple[CardKindName, str]] = [
        ("serial", numbers.serial_no),
        ("lot", numbers.lot_no),
        ("package", numbers.package_no),
    ]
    return [card_ref(kind, item_no, variant_code, no) for kind, no in named if no]


def card_refs(m: Movement) -> list[CardRef]:
    return number_refs(m.item_no, m.variant_code, m.numbers)


def taken_cards(plan: PostingPlan) -> list[CardRef]:
    """The cards of the numbers the plan's outbound entries take stock from, each once, in a
    fixed order (so that postings lock them in the same order)."""
    return sorted(
        {ref for e in plan.entries if e.movement.sign < 0 for ref in card_refs(e.movement)}
    )


def describe_card(ref: CardRef) -> str:
    kind, item_no, variant, number = ref
    if kind == "package":
        return f"Package No.='{number}'"
    word = "Serial No." if kind == "serial" else "Lot No."
    return f"Item No.='{item_no}',Variant Code='{variant}',{word}='{number}'"


class _Planner:
    def __init__(self, document: Document, context: PostingContext) -> None:
        self.document = document
        self.context = context
        self.entries: list[PlannedEntry] = []
        self.remaining: dict[int, float] = {}
        self.new_cards: list[CardRef] = []
        self.lot_expirations: dict[ItemKey, dt.date] = {}
        self.pieces: dict[int, list[tuple[PlannedEntry, Applied]]] = {}
        self.returned: dict[int, float] = {}  # outbound entry no -> returned by this document

    def setup(self, item_no: str) -> tuple[Item, ItemTrackingCode | None]:
        return self.context.items[item_no]

    def next_key(self) -> int:
        return -(len(self.entries) + 1)

    # -- checks shared by both directions --------------------------------------------------

    def check_numbers(self, m: Movement) -> None:
        item, code = self.setup(m.item_no)
        if m.numbers.serial_no and m.quantity != 1:
            raise rules.serial_quantity()
        if code is None:
            return
        for dim in DIMENSIONS:
            stated = getattr(m.numbers, rules.DIMENSION_FIELD[dim])
            if code.requires(dim, m.flag) and not stated:
                raise rules.number_required(dim, item.no)

    def check_cards(self, m: Movement) -> None:
        _, code = self.setup(m.item_no)
        for ref in card_refs(m):
            state = self._card(ref)
            if state.blocked:
                raise rules.blocked(CAPTIONS[ref[0]], describe_card(ref))
            if not state.exists and m.sign > 0 and code is not None and self._creates(code, ref):
                self.context.cards[ref] = CardState(exists=True, blocked=False)
                self.new_cards.append(ref)
                state = self.context.cards[ref]
            if not state.exists and code is not None and self._must_exist(code, ref, m):
                raise rules.info_must_exist(CAPTIONS[ref[0]], describe_card(ref))

    @staticmethod
    def _creates(code: ItemTrackingCode, ref: CardRef) -> bool:
        return {"serial": code.create_sn_info_on_posting,
                "lot": code.create_lot_info_on_posting, "package": False}[ref[0]]  # fmt: skip

    @staticmethod
    def _must_exist(code: ItemTrackingCode, ref: CardRef, m: Movement) -> bool:
        dim = {"serial": "sn", "lot": "lot", "package": "package"}[ref[0]]
        inbound = bool(getattr(code, f"{dim}_info_inbound_must_exist"))
        outbound = bool(getattr(code, f"{dim}_info_outbound_must_exist"))
        if m.entry_type == "Transfer":
            return inbound or outbound
        return inbound if m.sign > 0 else outbound

    # -- outbound -----------------------------------------------------------------------------

    def post_outbound(self, m: Movement) -> None:
        self.check_numbers(m)
        self.check_cards(m)
        if m.applies_to is not None:
            taking_from(m, self.context.applied_entries.get(m.applies_to))
        _, code = self.setup(m.item_no)
        strict = code is not None and code.strict_expiration_posting
        exempt = self.document.kind in EXPIRATION_EXEMPT_KINDS
        allocation = allocate(
            m,
            self.context.open_entries,
            fefo=strict,
            refuse_expired_on=self.document.posting_date if strict and not exempt else None,
            is_blocked=self._is_blocked,
        )
        if allocation.short > 0:
            self._refuse_short(m, code, allocation)
        pieces: list[tuple[PlannedEntry, Applied]] = []
        for piece in allocation.applied:
            source = piece.inbound
            taken = replace(
                m,
                bin_code=source.bin_code,  # the bin it took from, also when the line named none
                quantity=piece.quantity,
                numbers=source.numbers,
                expiration_date=source.expiration_date,
                warranty_date=source.warranty_date or m.warranty_date,
            )
            self.check_warranty_date(taken, code)
            entry = PlannedEntry(self.next_key(), taken, remaining=0.0)
            entry.applied.append((source.key, piece.quantity))
            self.entries.append(entry)
            pieces.append((entry, piece))
            self._took(source)
        self.pieces[id(m)] = pieces

    @staticmethod
    def check_warranty_date(m: Movement, code: ItemTrackingCode | None) -> None:
        """Under Require Warranty Date Entry every serial or lot posted has a warranty date, as
        Business Central tests every tracking line: on supply the one stated, on the way out the
        stock's or one the line states where the stock has none, on arrival or return the one
        the stock brings."""
        tracked = m.numbers.serial_no or m.numbers.lot_no
        if tracked and code is not None and code.require_warranty_date_entry:
            if m.warranty_date is None:
                raise rules.warranty_date_required(m.item_no, m.numbers)

    def _blocked_card(self, entry: OpenEntry) -> CardRef | None:
        """The first blocked card of the entry's numbers, if any (the posting context holds the
        cards of the numbers on the open entries it read)."""
        refs = number_refs(entry.item_no, entry.variant_code, entry.numbers)
        return next((ref for ref in refs if self._card(ref).blocked), None)

    def _is_blocked(self, entry: OpenEntry) -> bool:
        return self._blocked_card(entry) is not None

    def _card(self, ref: CardRef) -> CardState:
        return self.context.cards.get(ref, CardState(exists=False, blocked=False))

    def _refuse_short(
        self, m: Movement, code: ItemTrackingCode | None, allocation: Allocation
    ) -> None:
        expired, blocked = allocation.expired, allocation.blocked
        if expired is not None and expired.expiration_date is not None:
            raise rules.expired(
                expired.numbers, expired.expiration_date, self.document.posting_date
            )
        ref = None if blocked is None else self._blocked_card(blocked)
        if ref is not None:  # there was stock, but blocked: say which card blocks it
            raise rules.blocked(CAPTIONS[ref[0]], describe_card(ref))
        if m.applies_to is not None:
            raise rules.applied_entry_short(m.applies_to, m.quantity, m.quantity - allocation.short)
        n = m.numbers
        if code is not None and (
            (code.sn_specific_tracking and n.serial_no)
            or (code.lot_specific_tracking and n.lot_no)
            or (code.package_specific_tracking and n.package_no)
        ):
            raise rules.cannot_be_fully_applied(m)
        raise rules.insufficient_quantity(m, allocation.short)

    def _took(self, source: OpenEntry) -> None:
        if source.key > 0:
            self.remaining[source.key] = source.remaining
        else:
            planned = next(e for e in self.entries if e.key == source.key)
            planned.remaining = source.remaining
        if source.remaining <= 0 and source.numbers.serial_no:
            self.context.serials_on_inventory.discard(
                (source.item_no, source.variant_code, source.numbers.serial_no)
            )

    # -- inbound ------------------------------------------------------------------------------

    def post_inbound(self, m: Movement) -> None:
        self.check_stated_expiration(m)
        if (outbound_no := m.applies_from) is not None:
            before = self.returned.get(outbound_no, 0.0)
            m = reversing(m, self.context.applied_entries.get(outbound_no), before)
            self.returned[outbound_no] = round(before + m.quantity, 5)
        if m.pair is None:
            self._receive(m, transferred_from=None)
            return
        for leaving, piece in self.pieces[id(m.pair)]:
            stated = m.numbers
            moved_within = m.location_code == m.pair.location_code and not m.bin_code
            arriving = replace(
                m,
                bin_code=leaving.movement.bin_code if moved_within else m.bin_code,
                quantity=piece.quantity,
                numbers=Numbers(
                    stated.serial_no if stated.serial_no != m.pair.numbers.serial_no
                    else piece.inbound.numbers.serial_no,
                    stated.lot_no if stated.lot_no != m.pair.numbers.lot_no
                    else piece.inbound.numbers.lot_no,
                    stated.package_no if stated.package_no != m.pair.numbers.package_no
                    else piece.inbound.numbers.package_no,
                ),
                expiration_date=m.expiration_date or piece.inbound.expiration_date,
                warranty_date=m.warranty_date or piece.inbound.warranty_date,
            )  # fmt: skip
            merged = arriving.numbers.lot_no != piece.inbound.numbers.lot_no
            self._receive(arriving, transferred_from=leaving.key, merged=merged)

    def check_stated_expiration(self, m: Movement) -> None:
        """An expiration date stated for arriving stock needs a code that uses them (with Use
        Expiration Dates off, Business Central offers no Expiration Date to enter)."""
        item, code = self.setup(m.item_no)
        if m.expiration_date is not None and (code is None or not code.use_expiration_dates):
            raise rules.expiration_dates_not_used(item.no, None if code is None else code.code)

    def _receive(self, m: Movement, transferred_from: int | None, merged: bool = False) -> None:
        self.check_numbers(m)
        self.check_cards(m)
        returned = m.applies_from is not None  # with the dates of the stock it reverses
        m = self._with_dates(
            m, moved=transferred_from is not None or returned, merged=merged or returned
        )
        self.check_warranty_date(m, self.setup(m.item_no)[1])
        key = (m.item_no, m.variant_code, m.numbers.serial_no)
        if m.numbers.serial_no:
            if key in self.context.serials_on_inventory:
                raise rules.serial_on_inventory(m.numbers.serial_no)
            self.context.serials_on_inventory.add(key)
        entry = PlannedEntry(
            self.next_key(), m, m.quantity,
            transferred_from=transferred_from, applied_from=m.applies_from,
        )  # fmt: skip
        self.entries.append(entry)
        self.context.open_entries.append(
            OpenEntry(entry.key, m.item_no, m.variant_code, m.location_code, m.bin_code,
                      m.numbers, self.document.posting_date, m.expiration_date, m.quantity,
                      m.warranty_date)
        )  # fmt: skip

    def _with_dates(self, m: Movement, *, moved: bool, merged: bool) -> Movement:
        """`m` with its expiration and warranty dates: stated, the lot's, or by formula (not for
        stock that `moved` or came back, which keeps its own). A lot has one expiration date:
        supply of a lot that has one, stock reclassified into another lot or returned
        (`merged`), must bring that date or none."""
        item, code = self.setup(m.item_no)
        if code is None or not (m.numbers.serial_no or m.numbers.lot_no):
            return m
        on = self.document.effective_document_date
        expiration, warranty = m.expiration_date, m.warranty_date
        lot_key = (m.item_no, m.variant_code, m.numbers.lot_no)
        if code.use_expiration_dates:
            known = self.lot_expirations.get(lot_key) or self.context.lot_expirations.get(lot_key)
            differs = known and expiration and expiration != known
            if m.numbers.lot_no and differs and (merged or not moved):
                raise rules.multiple_expiration_dates(m.numbers.lot_no)
            expiration = expiration or known
            if expiration is None and not moved:
                if code.require_expiration_date_entry:
                    raise rules.expiration_date_required(item.no, m.numbers)
                if item.expiration_calculation:
                    expiration = self._calc_date(item.expiration_calculation, on)
            if m.numbers.lot_no and expiration is not None:
                self.lot_expirations[lot_key] = expiration
        required = code.require_warranty_date_entry  # entered by hand: no formula
        if warranty is None and not moved and not required and code.warranty_date_formula:
            warranty = self._calc_date(code.warranty_date_formula, on)
        return replace(m, expiration_date=expiration, warranty_date=warranty)

    def _calc_date(self, formula: str, on: dt.date) -> dt.date:
        """CalcDate, or a 422 when the date it gives is past 9999-12-31 (or before year 1)."""
        try:
            return calc_date(formula, on)
        except (OverflowError, DateFormulaError) as exc:
            field = "document_date" if self.document.document_date else "posting_date"
            raise InvalidInput(
                f"The date formula {formula} from {on.isoformat()} gives no date between "
                f"0001-01-01 and 9999-12-31 ({exc}); post with another date.",
                field=field,
            ) from None


def plan_posting(
    document: Document, lines: list[PostingLine], context: PostingContext
) -> PostingPlan:
    """The entries `document` makes, with BC's rules applied; TrackingRuleViolation if refused."""
    if document.kind == "transfer" and any(
        t.changes_numbers() for ln in lines for t in ln.tracking
    ):
        raise rules.transfer_tracking_changed()
    planner = _Planner(document, context)
    for movement in movements(document, lines):
        if movement.sign < 0:
            planner.post_outbound(movement)
        else:
            planner.post_inbound(movement)
    known = {**context.lot_expirations}
    new_expirations = {k: v for k, v in planner.lot_expirations.items() if known.get(k) != v}
    return PostingPlan(planner.entries, planner.remaining, planner.new_cards, new_expirations)
