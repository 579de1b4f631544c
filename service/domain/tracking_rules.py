"""Business Central's item tracking rules at posting time, each a 409 with a stable code.

The messages follow `ItemJnlPostLine.Codeunit.al` (see shared/reference/item-tracking.md §5).
"""

import datetime as dt

from service.domain.postings import Movement, Numbers
from service.errors import TrackingRuleViolation

DIMENSION_WORD = {"sn": "serial number", "lot": "lot number", "package": "package number"}
DIMENSION_FIELD = {"sn": "serial_no", "lot": "lot_no", "package": "package_no"}


def number_required(dim: str, item_no: str) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"You must assign a {DIMENSION_WORD[dim]} for item {item_no}.",
        code=f"{DIMENSION_FIELD[dim].replace('_', '-')}-required",
    )


def serial_quantity() -> TrackingRuleViolation:
    return TrackingRuleViolation(
        "Quantity must be -1, 0 or 1 when Serial No. is stated.", code="serial-quantity"
    )


def serial_on_inventory(serial_no: str) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"Serial No. {serial_no} is already on inventory.", code="serial-on-inventory"
    )


def cannot_be_fully_applied(m: Movement) -> TrackingRuleViolation:
    """Business Central's words, with the fields that are empty left out (never a double
    space where a number is blank)."""
    n = m.numbers
    named = [f"{caption} {value}" for caption, value in (
        ("Serial No.", n.serial_no), ("Lot No.", n.lot_no), ("Package No.", n.package_no))
        if value]  # fmt: skip
    variant = f" Variant {m.variant_code}" if m.variant_code else ""
    return TrackingRuleViolation(
        f"Item Tracking {' '.join(named)} for Item No. {m.item_no}{variant} cannot be fully "
        "applied.",
        code="cannot-be-fully-applied",
    )


def insufficient_quantity(m: Movement, short: float) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"You have insufficient quantity of Item {m.item_no} on inventory at location "
        f"{m.location_code} ({m.numbers.describe()}): {short:g} short.",
        code="insufficient-quantity",
    )


def expired(numbers: Numbers, expiration: dt.date, posting_date: dt.date) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"Expiration Date {expiration.isoformat()} of {numbers.describe()} is before the "
        f"posting date {posting_date.isoformat()}.",
        code="expired",
    )


def expiration_date_required(item_no: str, numbers: Numbers) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"Expiration Date must have a value for item {item_no} ({numbers.describe()}).",
        code="expiration-date-required",
    )


def expiration_dates_not_used(item_no: str, code: str | None) -> TrackingRuleViolation:
    if code:
        why = f"item tracking code {code} has Use Expiration Dates off"
        remedy = f"turn on Use Expiration Dates on code {code}"
    else:
        why = "it has no item tracking code"
        remedy = "give the item a tracking code that uses expiration dates"
    return TrackingRuleViolation(
        f"Item {item_no} takes no expiration date: {why}. Leave out the expiration date, or "
        f"{remedy}.",
        code="expiration-dates-not-used",
    )


def multiple_expiration_dates(lot_no: str) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"There are multiple expiration dates registered for lot {lot_no}.",
        code="multiple-expiration-dates",
    )


def warranty_date_required(item_no: str, numbers: Numbers) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"Warranty Date must have a value for item {item_no} ({numbers.describe()}).",
        code="warranty-date-required",
    )


def blocked(caption: str, key: str) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"Blocked must be equal to 'No' in {caption}: {key}. Current value is 'Yes'.",
        code="blocked",
    )


def info_must_exist(caption: str, key: str) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"The {caption} does not exist. Identification fields and values: {key}",
        code="info-must-exist",
    )


def applied_entry_missing(entry_no: int) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        "The Item Ledger Entry does not exist. Identification fields and values: "
        f"Entry No.='{entry_no}'",
        code="applied-entry-not-found",
    )


def applied_entry_differs(
    caption: str, expected: str, actual: str, entry_no: int
) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"{caption} must be equal to '{expected}' in Item Ledger Entry: Entry No.={entry_no}. "
        f"Current value is '{actual}'.",
        code="applied-entry-mismatch",
    )


def applied_entry_short(entry_no: int, quantity: float, remaining: float) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"Item Ledger Entry {entry_no} has {remaining:g} left to take, less than the "
        f"{quantity:g} this line takes from it.",
        code="applies-to-quantity",
    )


def returned_too_much(
    entry_no: int, quantity: float, taken: float, returned: float
) -> TrackingRuleViolation:
    left = round(taken - returned, 5)
    return TrackingRuleViolation(
        f"You cannot return {quantity:g} from Item Ledger Entry {entry_no}: it took out "
        f"{taken:g}, of which {returned:g} came back already, so {left:g} is left to return.",
        code="applies-from-quantity",
    )


def transfer_tracking_changed() -> TrackingRuleViolation:
    return TrackingRuleViolation(
        "Item tracking numbers that shipped from one location must be received unchanged at "
        "the other location.",
        code="transfer-tracking-changed",
    )


def document_already_posted(kind: str, document_no: str) -> TrackingRuleViolation:
    return TrackingRuleViolation(
        f"{kind.replace('_', ' ').capitalize()} {document_no} has already been posted.",
        code="document-already-posted",
    )
