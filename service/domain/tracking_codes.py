"""Item Tracking Codes (Business Central table 6502) and their interlocks.

Field names follow BC's captions in snake_case: `sn_*`, `lot_*` and `package_*` for the three
tracking dimensions. The rules, with BC's own messages (`ItemTrackingCode.Table.al`):

- Specific tracking turns on warehouse tracking and every requirement flag, which then cannot be
  turned off ("SN Specific Tracking must be equal to 'No' ..."); turning it off clears warehouse
  tracking. Warehouse tracking needs specific tracking.
- Specific and warehouse tracking cannot change once ledger entries exist for an item using the
  code ("Entries exist for item %1. The field %2 cannot be changed.").
- Strict expiration posting and require expiration date entry turn on use expiration dates, which
  cannot be turned off while they are on, while items using the code have an expiration
  calculation, or while their ledger entries carry expiration dates.
- A code used by any item cannot be deleted.
"""

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from service.domain.date_formulas import DateFormula
from service.domain.master_data import Code10, Text100
from service.errors import Conflict

Dimension = Literal["sn", "lot", "package"]
DIMENSIONS: tuple[Dimension, ...] = ("sn", "lot", "package")
CAPTION: dict[Dimension, str] = {"sn": "SN", "lot": "Lot", "package": "Package"}

# Requirement flags per dimension, as `<dim>_<flag>_tracking`; see `requirement_flag`.
FLAGS: tuple[str, ...] = (
    "purchase_inbound",
    "purchase_outbound",
    "sales_inbound",
    "sales_outbound",
    "pos_adjmt_inbound",
    "pos_adjmt_outbound",
    "neg_adjmt_inbound",
    "neg_adjmt_outbound",
    "transfer",
    "manuf_inbound",
    "manuf_outbound",
    "assembly_inbound",
    "assembly_outbound",
)


def _normalized_formula(text: str) -> str:
    return str(DateFormula.parse(text)) if text.strip() else ""


FormulaText = Annotated[
    str,
    Field(max_length=32, description="A Business Central date formula, e.g. <1Y> or <CM+30D>"),
    AfterValidator(_normalized_formula),
]


class ItemTrackingCodeFields(BaseModel):
    """Every field but the code. A PATCH body is this model: only the fields it names change."""

    model_config = ConfigDict(extra="forbid")

    description: Text100 = ""
    warranty_date_formula: FormulaText = ""
    require_warranty_date_entry: bool = False
    require_expiration_date_entry: bool = False
    strict_expiration_posting: bool = False
    use_expiration_dates: bool = False

    sn_specific_tracking: bool = False
    sn_info_inbound_must_exist: bool = False
    sn_info_outbound_must_exist: bool = False
    sn_warehouse_tracking: bool = False
    sn_purchase_inbound_tracking: bool = False
    sn_purchase_outbound_tracking: bool = False
    sn_sales_inbound_tracking: bool = False
    sn_sales_outbound_tracking: bool = False
    sn_pos_adjmt_inbound_tracking: bool = False
    sn_pos_adjmt_outbound_tracking: bool = False
    sn_neg_adjmt_inbound_tracking: bool = False
    sn_neg_adjmt_outbound_tracking: bool = False
    sn_transfer_tracking: bool = False
    sn_manuf_inbound_tracking: bool = False
    sn_manuf_outbound_tracking: bool = False
    sn_assembly_inbound_tracking: bool = False
    sn_assembly_outbound_tracking: bool = False
    create_sn_info_on_posting: bool = False

    lot_specific_tracking: bool = False
    lot_info_inbound_must_exist: bool = False
    lot_info_outbound_must_exist: bool = False
    lot_warehouse_tracking: bool = False
    lot_purchase_inbound_tracking: bool = False
    lot_purchase_outbound_tracking: bool = False
    lot_sales_inbound_tracking: bool = False
    lot_sales_outbound_tracking: bool = False
    lot_pos_adjmt_inbound_tracking: bool = False
    lot_pos_adjmt_outbound_tracking: bool = False
    lot_neg_adjmt_inbound_tracking: bool = False
    lot_neg_adjmt_outbound_tracking: bool = False
    lot_transfer_tracking: bool = False
    lot_manuf_inbound_tracking: bool = False
    lot_manuf_outbound_tracking: bool = False
    lot_assembly_inbound_tracking: bool = False
    lot_assembly_outbound_tracking: bool = False
    create_lot_info_on_posting: bool = False

    package_specific_tracking: bool = False
    package_info_inbound_must_exist: bool = False
    package_info_outbound_must_exist: bool = False
    package_warehouse_tracking: bool = False
    package_purchase_inbound_tracking: bool = False
    package_purchase_outbound_tracking: bool = False
    package_sales_inbound_tracking: bool = False
    package_sales_outbound_tracking: bool = False
    package_pos_adjmt_inbound_tracking: bool = False
    package_pos_adjmt_outbound_tracking: bool = False
    package_neg_adjmt_inbound_tracking: bool = False
    package_neg_adjmt_outbound_tracking: bool = False
    package_transfer_tracking: bool = False
    package_manuf_inbound_tracking: bool = False
    package_manuf_outbound_tracking: bool = False
    package_assembly_inbound_tracking: bool = False
    package_assembly_outbound_tracking: bool = False

    def given(self) -> dict[str, Any]:
        """Only the fields the request named."""
        return self.model_dump(include=self.model_fields_set - {"code"})


class ItemTrackingCode(ItemTrackingCodeFields):
    code: Code10

    def requires(self, dim: Dimension, flag: str) -> bool:
        """Whether a number is required for this entry type and direction (see `FLAGS`)."""
        return bool(getattr(self, f"{dim}_specific_tracking")) or bool(
            getattr(self, f"{dim}_{flag}_tracking")
        )


@dataclass(frozen=True)
class CodeUsage:
    """What the interlocks need to know about the items that use a code."""

    item_with_entries: str | None = None
    items_with_expiration_calculation: int = 0
    item_with_expiration_entries: str | None = None
    items_using: int = 0
    item_with_specific_costing: str | None = None


def caption(field: str) -> str:
    """BC's caption style for messages: sn_specific_tracking -> 'SN Specific Tracking'."""
    words = field.split("_")
    head = {"sn": "SN", "lot": "Lot", "package": "Package"}.get(words[0], words[0].capitalize())
    return " ".join([head, *(w.capitalize() for w in words[1:])])


def _test_field(code: str, field: str, expected: bool) -> Conflict:
    want, have = ("Yes", "No") if expected else ("No", "Yes")
    return Conflict(
        f"{caption(field)} must be equal to '{want}' in Item Tracking Code: Code={code}. "
        f"Current value is '{have}'.",
        code="tracking-code-interlock",
        field=field,
    )


def _entries_exist(item_no: str, field: str) -> Conflict:
    return Conflict(
        f"Entries exist for item {item_no}. The field {caption(field)} cannot be changed.",
        code="entries-exist",
        field=field,
    )


def apply_changes(
    current: ItemTrackingCode,
    changes: ItemTrackingCodeFields,
    usage: CodeUsage,
) -> ItemTrackingCode:
    """The code after `changes`, with BC's interlocks applied; Conflict when they refuse."""
    given = changes.given()
    before = current.model_dump()
    values = {**before, **given}
    code = current.code
    for dim in DIMENSIONS:
        _apply_dimension(code, dim, values, before, given, usage)
    _apply_expiration(values, before, given, usage)
    return ItemTrackingCode.model_validate(values)


def _apply_dimension(
    code: str,
    dim: Dimension,
    values: dict[str, Any],
    before: dict[str, Any],
    given: dict[str, Any],
    usage: CodeUsage,
) -> None:
    specific, warehouse = f"{dim}_specific_tracking", f"{dim}_warehouse_tracking"
    flags = [f"{dim}_{flag}_tracking" for flag in FLAGS]
    for locked in (specific, warehouse):
        if values[locked] != before[locked] and usage.item_with_entries is not None:
            raise _entries_exist(usage.item_with_entries, locked)
    if values[specific]:
        for field in [warehouse, *flags]:
            if given.get(field) is False:
                raise _test_field(code, specific, expected=False)
            values[field] = True
        return
    if given.get(warehouse) is True:
        raise _test_field(code, specific, expected=True)
    values[warehouse] = False
    if dim == "sn" and before[specific] and usage.item_with_specific_costing is not None:
        raise Conflict(
            f"SN Specific Tracking cannot be turned off: item {usage.item_with_specific_costing} "
            "uses this code with Costing Method Specific, which costs each unit by its serial "
            "number.",
            code="specific-costing-in-use",
            field=specific,
        )


def _apply_expiration(
    values: dict[str, Any], before: dict[str, Any], given: dict[str, Any], usage: CodeUsage
) -> None:
    if values["strict_expiration_posting"] or values["require_expiration_date_entry"]:
        if given.get("use_expiration_dates") is False:
            _refuse_stop_using_expiration(values, usage)
        values["use_expiration_dates"] = True
        return
    if before["use_expiration_dates"] and not values["use_expiration_dates"]:
        _refuse_stop_using_expiration(values, usage)


def _refuse_stop_using_expiration(values: dict[str, Any], usage: CodeUsage) -> None:
    def conflict(message: str) -> Conflict:
        return Conflict(message, code="expiration-dates-in-use", field="use_expiration_dates")

    if usage.item_with_expiration_entries is not None:
        raise conflict(
            "You cannot stop using expiration dates because item ledger entries with "
            f"expiration dates exist for item {usage.item_with_expiration_entries}."
        )
    if usage.items_with_expiration_calculation:
        raise conflict(
            "You cannot stop using expiration dates because they are set up for "
            f"{usage.items_with_expiration_calculation} item(s)."
        )
    if values["require_expiration_date_entry"]:
        raise conflict(
            "You cannot stop using expiration dates if you require manual expiration date "
            "entry on the item tracking code."
        )
    if values["strict_expiration_posting"]:
        raise conflict(
            "You cannot stop using expiration dates if you require strict expiration posting "
            "on the item tracking code."
        )


def new_code(request: ItemTrackingCode) -> ItemTrackingCode:
    """A new code from a create request, interlocks applied (no item uses it yet)."""
    return apply_changes(ItemTrackingCode(code=request.code), request, CodeUsage())


def check_delete(code: str, usage: CodeUsage) -> None:
    if usage.items_using:
        raise Conflict(
            f"You cannot delete Item Tracking Code {code} because it is used on one or more items.",
            code="tracking-code-in-use",
        )
