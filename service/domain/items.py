"""Items: what is tracked, how (its item tracking code) and where new numbers come from."""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from service.domain.gs1 import normalize_gtin
from service.domain.master_data import Code10, Code20, Strict, Text100
from service.domain.tracking_codes import FormulaText, ItemTrackingCode, caption
from service.errors import Conflict

Gtin = Annotated[str, AfterValidator(normalize_gtin), Field(description="GTIN-8/12/13/14")]
ItemType = Literal["Inventory", "Service", "Non-Inventory"]
CostingMethod = Literal["FIFO", "LIFO", "Specific", "Average", "Standard"]


class ItemVariant(Strict):
    code: Code10
    description: Text100 = ""


class ItemFields(Strict):
    """Every field but the number. A PATCH body is this model: only named fields change."""

    description: Text100 = ""
    type: ItemType = Field(
        default="Inventory", description="Only Inventory items can have an item tracking code"
    )
    costing_method: CostingMethod = Field(
        default="FIFO", description="Specific needs a tracking code with SN Specific Tracking"
    )
    base_unit_of_measure: Code10 = "PCS"
    gtin: Gtin | None = None
    item_tracking_code: Code10 | None = None
    serial_nos: Code20 | None = Field(default=None, description="Number series for serials")
    lot_nos: Code20 | None = Field(default=None, description="Number series for lots")
    expiration_calculation: FormulaText = ""


class Item(ItemFields):
    no: Code20
    variants: list[ItemVariant] = Field(default_factory=list)

    @field_validator("variants")
    @classmethod
    def _variant_codes_unique(cls, variants: list[ItemVariant]) -> list[ItemVariant]:
        codes = [v.code for v in variants]
        if len(codes) != len(set(codes)):
            raise ValueError("variant codes must be unique within an item")
        return variants


class ItemWithUsage(Item):
    """An item as stored, with what the rules need to know about its history."""

    has_entries: bool = False


def check_item(
    item: Item,
    *,
    tracking_code: ItemTrackingCode | None,
    previous: ItemWithUsage | None = None,
    previous_code: ItemTrackingCode | None = None,
) -> None:
    """Business Central's rules for an item's tracking setup; Conflict when one refuses."""
    if tracking_code is not None and item.type != "Inventory":
        raise Conflict(
            f"Type must be equal to 'Inventory' in Item: No.={item.no}. "
            f"Current value is '{item.type}'.",
            code="item-type-not-inventory",
            field="type",
        )
    if item.costing_method == "Specific":
        _check_specific_costing(item, tracking_code)
    if tracking_code is None:
        _check_series_need_a_code(item, previous)
    if item.expiration_calculation and not (
        tracking_code is not None and tracking_code.use_expiration_dates
    ):
        where = tracking_code.code if tracking_code else "''"
        raise Conflict(
            f"Use Expiration Dates must be equal to 'Yes' in Item Tracking Code: Code={where}. "
            "Current value is 'No'.",
            code="expiration-dates-not-used",
            field="expiration_calculation",
        )
    if previous is None or not previous.has_entries:
        return
    for field, changed in (
        ("type", previous.type != item.type),
        ("costing_method", previous.costing_method != item.costing_method),
        ("item_tracking_code", _specific_changed(previous_code, tracking_code)),
    ):
        if changed:
            raise Conflict(
                f"You cannot change {caption(field)} because there are one or more ledger "
                "entries for this item.",
                code="entries-exist",
                field=field,
            )


def _check_specific_costing(item: Item, tracking_code: ItemTrackingCode | None) -> None:
    """Costing Method Specific costs each unit by its serial number: the item needs a tracking
    code with SN Specific Tracking (Business Central's TestFields, in its words)."""
    if tracking_code is None:
        raise Conflict(
            f"Item Tracking Code must have a value in Item: No.={item.no}. "
            "It cannot be zero or empty.",
            code="specific-costing-needs-sn-specific-tracking",
            field="costing_method",
        )
    if not tracking_code.sn_specific_tracking:
        raise Conflict(
            "SN Specific Tracking must be equal to 'Yes' in Item Tracking Code: "
            f"Code={tracking_code.code}. Current value is 'No'.",
            code="specific-costing-needs-sn-specific-tracking",
            field="costing_method",
        )


def _check_series_need_a_code(item: Item, previous: Item | None) -> None:
    """A number series for serials or lots is set only on an item with a tracking code, as
    Business Central's OnValidate of Serial Nos. and Lot Nos. tests (TestField). Like there, it
    is checked when the series is set or changed: a code taken off later leaves the series."""
    for field in ("serial_nos", "lot_nos"):
        series = getattr(item, field)
        if series and (previous is None or getattr(previous, field) != series):
            raise Conflict(
                f"Item Tracking Code must have a value in Item: No.={item.no}. "
                "It cannot be zero or empty.",
                code="number-series-needs-tracking-code",
                field=field,
            )


def _specific_changed(old: ItemTrackingCode | None, new: ItemTrackingCode | None) -> bool:
    def specific(code: ItemTrackingCode | None) -> tuple[bool, bool, bool]:
        if code is None:
            return (False, False, False)
        return (
            code.sn_specific_tracking,
            code.lot_specific_tracking,
            code.package_specific_tracking,
        )

    return specific(old) != specific(new)
