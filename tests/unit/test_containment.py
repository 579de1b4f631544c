"""Containment rules: no cycles, one parent at a time, unpack only what is inside; the request
bodies; the contents tree."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from service.domain.containment import (
    ContainedRow,
    LotRef,
    LotToPack,
    PackageRef,
    PackRequest,
    SerialRef,
    UnpackRequest,
    check_pack,
    check_unpack,
    contents_tree,
)
from service.errors import Conflict, InvalidInput, NotFound

CARTON = PackageRef(package_no="CARTON1")
LOT = LotRef(item_no="1900-S", lot_no="LOT0001")
SERIAL = SerialRef(item_no="1900-S", serial_no="1001")
PACKED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def error_fields(error: ValidationError) -> list[str]:
    return [".".join(str(p) for p in e["loc"]) for e in error.errors()]


def test_body_kind_is_decided_by_the_number_field_present() -> None:
    request = PackRequest.model_validate(
        {
            "user": "anna",
            "contents": [
                {"package_no": "CARTON1"},
                {"item_no": "1900-s", "serial_no": "1001"},
                {"item_no": "1900-s", "variant_code": "red", "lot_no": "LOT0001", "quantity": 5},
            ],
        }
    )
    assert request.contents == [
        CARTON,
        SERIAL,
        LotToPack(item_no="1900-S", variant_code="RED", lot_no="LOT0001", quantity=5),
    ]


def test_empty_contents_and_a_negative_lot_quantity_are_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as empty:
        PackRequest.model_validate({"user": "anna", "contents": []})
    assert error_fields(empty.value) == ["contents"]
    lot = {"item_no": "1900-S", "lot_no": "LOT0001", "quantity": -1}
    with pytest.raises(ValidationError) as negative:
        PackRequest.model_validate({"user": "anna", "contents": [lot]})
    assert error_fields(negative.value) == ["contents.0.lot.quantity"]


def test_content_without_a_number_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        PackRequest.model_validate({"user": "anna", "contents": [{"item_no": "1900-S"}]})
    assert error_fields(refused.value) == ["contents.0"]


def test_unpack_takes_either_contents_or_all() -> None:
    assert UnpackRequest.model_validate({"user": "anna", "all": True}).contents is None
    for body in (
        {"user": "anna"},
        {"user": "anna", "all": True, "contents": [{"package_no": "P"}]},
    ):
        with pytest.raises(ValidationError) as refused:
            UnpackRequest.model_validate(body)
        assert error_fields(refused.value) == ["all"]


def test_a_package_cannot_be_packed_into_itself() -> None:
    with pytest.raises(Conflict) as refused:
        check_pack("CARTON1", [CARTON], parents={CARTON: []}, chain=[])
    assert refused.value.code == "containment-cycle"
    assert refused.value.message == "Package CARTON1 cannot be packed into itself."


def test_a_package_cannot_be_packed_into_a_package_inside_it() -> None:
    # PALLET1 is in BOX1, which is in CARTON1: packing CARTON1 into PALLET1 closes a cycle.
    with pytest.raises(Conflict) as refused:
        check_pack("PALLET1", [CARTON], parents={CARTON: []}, chain=["BOX1", "CARTON1"])
    assert refused.value.code == "containment-cycle"
    assert refused.value.message == (
        "Package CARTON1 cannot be packed into PALLET1 because PALLET1 is inside CARTON1."
    )


def test_something_already_packed_must_be_unpacked_first() -> None:
    with pytest.raises(Conflict) as refused:
        check_pack("CARTON1", [SERIAL], parents={SERIAL: ["CONTAINER010"]}, chain=[])
    assert refused.value.code == "already-packed"
    assert refused.value.message == (
        "Serial number 1001 of item 1900-S is already in package CONTAINER010; unpack it first."
    )
    with pytest.raises(Conflict) as again:
        check_pack("CARTON1", [LOT], parents={LOT: ["CARTON1", "CONTAINER010"]}, chain=[])
    assert again.value.message == (
        "Lot LOT0001 of item 1900-S is already in package CARTON1; unpack it first."
    )


def test_parts_of_a_lot_may_lie_in_several_packages() -> None:
    check_pack("CARTON1", [LOT], parents={LOT: ["CONTAINER010"]}, chain=[])


def test_unknown_lots_and_serials_are_not_found_but_new_packages_are_fine() -> None:
    with pytest.raises(NotFound) as one:
        check_pack("P1", [CARTON, LOT], parents={CARTON: []}, chain=[])
    assert (one.value.code, one.value.message) == (
        "lot-not-found",
        "Lot LOT0001 of item 1900-S does not exist.",
    )
    with pytest.raises(NotFound) as two:
        check_pack("P1", [LOT, SERIAL], parents={}, chain=[])
    assert two.value.code == "contents-not-found"
    assert "Lot LOT0001" in two.value.message
    assert "Serial number 1001" in two.value.message


def test_lot_quantity_does_not_change_which_lot_is_meant() -> None:
    packed = LotToPack(item_no="1900-S", lot_no="LOT0001", quantity=3)
    check_pack("P1", [packed], parents={LOT: []}, chain=[])
    with pytest.raises(InvalidInput) as refused:
        check_pack("P1", [packed, LOT], parents={LOT: []}, chain=[])
    assert refused.value.code == "listed-twice"
    assert refused.value.extra["errors"][0]["field"] == "contents.1"


def test_only_what_is_in_the_package_can_be_unpacked() -> None:
    check_unpack("P1", [LOT], parents={LOT: ["P0", "P1"]})
    with pytest.raises(Conflict) as elsewhere:
        check_unpack("P1", [LOT], parents={LOT: ["P2"]})
    assert elsewhere.value.code == "not-in-package"
    assert elsewhere.value.message == (
        "Lot LOT0001 of item 1900-S is not in package P1; it is in package P2."
    )
    with pytest.raises(Conflict) as nowhere:
        check_unpack("P1", [CARTON], parents={})
    assert nowhere.value.message == "Package CARTON1 is not in package P1."


def test_contents_tree_nests_rows_under_their_parents() -> None:
    pallet = PackageRef(package_no="PALLET1")
    rows = [
        ContainedRow(SERIAL, LOT, 1, None, None),
        ContainedRow(LOT, CARTON, 4, PACKED, "anna"),
        ContainedRow(CARTON, pallet, 1, PACKED, "anna"),
    ]
    tree = contents_tree("PALLET1", rows).model_dump(mode="json")
    carton = tree["contents"][0]
    assert (carton["kind"], carton["package_no"]) == ("package", "CARTON1")
    lot = carton["contents"][0]
    assert (lot["kind"], lot["lot_no"], lot["quantity"]) == ("lot", "LOT0001", 4)
    serial = lot["contents"][0]
    assert (serial["kind"], serial["serial_no"], serial["packed_at"]) == ("serial", "1001", None)
    assert serial["contents"] == []


def test_contents_tree_stops_at_a_cycle_in_stored_data() -> None:
    # The rules never write one, but a read must not loop forever if one is ever there.
    a, b = PackageRef(package_no="A"), PackageRef(package_no="B")
    rows = [ContainedRow(b, a, 1, PACKED, "x"), ContainedRow(a, b, 1, PACKED, "x")]
    tree = contents_tree("A", rows)
    assert [c.kind for c in tree.contents] == ["package"]
    assert tree.contents[0].contents == []
