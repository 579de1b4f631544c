"""Item Tracking Code interlocks, in Business Central's words (pure rules)."""

import pytest
from pydantic import ValidationError

from service.domain.tracking_codes import (
    DIMENSIONS,
    FLAGS,
    CodeUsage,
    ItemTrackingCode,
    ItemTrackingCodeFields,
    apply_changes,
    check_delete,
    new_code,
)
from service.errors import Conflict


def change(current: ItemTrackingCode, usage: CodeUsage | None = None, **fields: object):  # type: ignore[no-untyped-def]
    return apply_changes(
        current, ItemTrackingCodeFields.model_validate(fields), usage or CodeUsage()
    )


@pytest.mark.parametrize("dim", DIMENSIONS)
def test_specific_tracking_turns_on_warehouse_tracking_and_every_requirement_flag(dim: str) -> None:
    code = new_code(
        ItemTrackingCode.model_validate({"code": "X", f"{dim}_specific_tracking": True})
    )
    assert getattr(code, f"{dim}_warehouse_tracking")
    assert all(getattr(code, f"{dim}_{flag}_tracking") for flag in FLAGS)
    others = [d for d in DIMENSIONS if d != dim]
    assert not any(getattr(code, f"{d}_{flag}_tracking") for d in others for flag in FLAGS)


def test_requirement_flag_cannot_be_turned_off_while_specific_tracking_is_on() -> None:
    code = new_code(ItemTrackingCode(code="SNALL", sn_specific_tracking=True))
    with pytest.raises(Conflict) as refused:
        change(code, sn_sales_outbound_tracking=False)
    assert refused.value.message == (
        "SN Specific Tracking must be equal to 'No' in Item Tracking Code: Code=SNALL. "
        "Current value is 'Yes'."
    )
    assert refused.value.code == "tracking-code-interlock"


def test_warehouse_tracking_is_locked_on_under_specific_tracking() -> None:
    code = new_code(ItemTrackingCode(code="LOTALL", lot_specific_tracking=True))
    with pytest.raises(Conflict, match="Lot Specific Tracking must be equal to 'No'"):
        change(code, lot_warehouse_tracking=False)


def test_warehouse_tracking_needs_specific_tracking() -> None:
    with pytest.raises(Conflict) as refused:
        new_code(ItemTrackingCode(code="LOTWMS", lot_warehouse_tracking=True))
    assert refused.value.message == (
        "Lot Specific Tracking must be equal to 'Yes' in Item Tracking Code: Code=LOTWMS. "
        "Current value is 'No'."
    )


def test_turning_specific_tracking_off_clears_warehouse_tracking_and_unlocks_flags() -> None:
    code = new_code(ItemTrackingCode(code="SNALL", sn_specific_tracking=True))
    off = change(code, sn_specific_tracking=False)
    assert not off.sn_warehouse_tracking
    assert off.sn_purchase_inbound_tracking  # flags keep their value, now editable
    assert not change(off, sn_purchase_inbound_tracking=False).sn_purchase_inbound_tracking


def test_flags_alone_require_numbers_only_for_their_entry_type_and_direction() -> None:
    code = new_code(ItemTrackingCode(code="LOTSALE", lot_sales_outbound_tracking=True))
    assert code.requires("lot", "sales_outbound")
    assert not code.requires("lot", "sales_inbound")
    assert not code.requires("sn", "sales_outbound")


@pytest.mark.parametrize("field", ["sn_specific_tracking", "package_specific_tracking"])
def test_specific_tracking_cannot_change_once_entries_exist(field: str) -> None:
    with pytest.raises(Conflict) as refused:
        change(ItemTrackingCode(code="X"), CodeUsage(item_with_entries="1900-S"), **{field: True})
    caption = "SN" if field.startswith("sn") else "Package"
    assert refused.value.message == (
        f"Entries exist for item 1900-S. The field {caption} Specific Tracking cannot be changed."
    )


def test_other_fields_still_change_when_entries_exist() -> None:
    code = new_code(ItemTrackingCode(code="X", lot_specific_tracking=True))
    changed = change(
        code,
        CodeUsage(item_with_entries="1900-S"),
        description="Lots",
        lot_info_outbound_must_exist=True,
    )
    assert changed.description == "Lots"
    assert changed.lot_info_outbound_must_exist


@pytest.mark.parametrize("field", ["strict_expiration_posting", "require_expiration_date_entry"])
def test_expiration_rules_turn_on_use_expiration_dates(field: str) -> None:
    code = new_code(ItemTrackingCode.model_validate({"code": "EXP", field: True}))
    assert code.use_expiration_dates


def test_use_expiration_dates_cannot_go_off_under_strict_posting() -> None:
    code = new_code(ItemTrackingCode(code="EXP", strict_expiration_posting=True))
    with pytest.raises(Conflict) as refused:
        change(code, use_expiration_dates=False)
    assert refused.value.message == (
        "You cannot stop using expiration dates if you require strict expiration posting on "
        "the item tracking code."
    )


def test_use_expiration_dates_cannot_go_off_under_required_entry() -> None:
    code = new_code(ItemTrackingCode(code="EXP", require_expiration_date_entry=True))
    with pytest.raises(Conflict, match="require manual expiration date entry"):
        change(code, use_expiration_dates=False)


def test_use_expiration_dates_cannot_go_off_while_items_calculate_expiration() -> None:
    code = new_code(ItemTrackingCode(code="EXP", use_expiration_dates=True))
    with pytest.raises(Conflict) as refused:
        change(code, CodeUsage(items_with_expiration_calculation=2), use_expiration_dates=False)
    assert refused.value.message == (
        "You cannot stop using expiration dates because they are set up for 2 item(s)."
    )


def test_use_expiration_dates_cannot_go_off_while_entries_carry_expiration_dates() -> None:
    code = new_code(ItemTrackingCode(code="EXP", use_expiration_dates=True))
    usage = CodeUsage(item_with_expiration_entries="70000")
    with pytest.raises(Conflict, match="expiration dates exist for item 70000"):
        change(code, usage, use_expiration_dates=False)


def test_use_expiration_dates_goes_off_when_nothing_depends_on_it() -> None:
    code = new_code(ItemTrackingCode(code="EXP", use_expiration_dates=True))
    assert not change(code, use_expiration_dates=False).use_expiration_dates


def test_sn_specific_tracking_stays_on_while_an_item_costs_by_serial_number() -> None:
    code = new_code(ItemTrackingCode(code="SN", sn_specific_tracking=True))
    usage = CodeUsage(items_using=1, item_with_specific_costing="1900-S")
    with pytest.raises(Conflict, match="item 1900-S uses this code with Costing Method Specific"):
        change(code, usage, sn_specific_tracking=False)
    assert change(code, usage, lot_specific_tracking=True).sn_specific_tracking
    assert not change(code, sn_specific_tracking=False).sn_specific_tracking


def test_code_in_use_cannot_be_deleted() -> None:
    with pytest.raises(Conflict) as refused:
        check_delete("SNALL", CodeUsage(items_using=3))
    assert refused.value.message == (
        "You cannot delete Item Tracking Code SNALL because it is used on one or more items."
    )
    check_delete("SNALL", CodeUsage(items_using=0))


def test_warranty_date_formula_is_stored_normalized() -> None:
    code = ItemTrackingCode(code="W", warranty_date_formula="2y")
    assert code.warranty_date_formula == "<2Y>"


def test_bad_warranty_date_formula_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as refused:
        ItemTrackingCode(code="W", warranty_date_formula="2X")
    assert refused.value.errors()[0]["loc"] == ("warranty_date_formula",)


def test_code_longer_than_ten_characters_is_refused() -> None:
    with pytest.raises(ValidationError):
        ItemTrackingCode(code="ABCDEFGHIJK")
