"""Information cards: field validation and the rules for create, update, block and unblock."""

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from service.domain.info_cards import (
    LOT,
    PACKAGE,
    SERIAL_NO,
    BlockRequest,
    InfoCard,
    LotNoInfoCreate,
    LotNoInfoUpdate,
    PackageNoInfoCreate,
    SerialNoInfoCreate,
    SerialNoInfoUpdate,
    card_exists,
    key_of,
    plan_block,
    plan_create,
    plan_unblock,
    plan_update,
)
from service.errors import Conflict

CREATED = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def stored_serial(**fields: Any) -> InfoCard:
    values = {"item_no": "1000", "serial_no": "SN1", "card_created_at": CREATED, **fields}
    return SERIAL_NO.card.model_validate(values)


def error_fields(error: ValidationError) -> list[str]:
    return [".".join(str(p) for p in e["loc"]) for e in error.errors()]


def test_numbers_are_trimmed_and_keep_their_case_while_item_codes_are_upper_cased() -> None:
    request = SerialNoInfoCreate(
        item_no=" bike-1 ", variant_code="red", serial_no="  sn-a/7  ", user="anna"
    )
    assert (request.item_no, request.variant_code, request.serial_no) == ("BIKE-1", "RED", "sn-a/7")


def test_serial_number_longer_than_fifty_characters_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as refused:
        SerialNoInfoCreate(item_no="1000", serial_no="S" * 51, user="anna")
    assert error_fields(refused.value) == ["serial_no"]


def test_blank_number_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        PackageNoInfoCreate(package_no="   ", user="anna")
    assert error_fields(refused.value) == ["package_no"]


def test_blocked_cannot_be_set_by_create_or_update() -> None:
    with pytest.raises(ValidationError) as on_create:
        SerialNoInfoCreate.model_validate(
            {"item_no": "1000", "serial_no": "SN1", "user": "anna", "blocked": True}
        )
    assert error_fields(on_create.value) == ["blocked"]
    with pytest.raises(ValidationError) as on_update:
        SerialNoInfoUpdate.model_validate({"user": "anna", "blocked": True})
    assert error_fields(on_update.value) == ["blocked"]


def test_every_change_names_its_user() -> None:
    with pytest.raises(ValidationError) as refused:
        LotNoInfoUpdate.model_validate({"description": "Spring batch"})
    assert error_fields(refused.value) == ["user"]


def test_test_quality_is_blank_good_average_or_bad() -> None:
    assert LotNoInfoUpdate(user="anna", test_quality="Average").test_quality == "Average"
    with pytest.raises(ValidationError) as refused:
        LotNoInfoUpdate.model_validate({"user": "anna", "test_quality": "Excellent"})
    assert error_fields(refused.value) == ["test_quality"]


def test_serial_cards_have_no_lot_fields() -> None:
    with pytest.raises(ValidationError) as refused:
        SerialNoInfoUpdate.model_validate({"user": "anna", "certificate_number": "C-1"})
    assert error_fields(refused.value) == ["certificate_number"]


def test_block_needs_a_reason_of_at_most_250_characters() -> None:
    with pytest.raises(ValidationError) as missing:
        BlockRequest.model_validate({"user": "anna"})
    assert error_fields(missing.value) == ["reason"]
    with pytest.raises(ValidationError) as blank:
        BlockRequest(user="anna", reason="  ")
    assert error_fields(blank.value) == ["reason"]
    with pytest.raises(ValidationError):
        BlockRequest(user="anna", reason="x" * 251)


def test_a_number_known_from_postings_has_no_card_until_one_is_created() -> None:
    assert not card_exists({"item_no": "1000", "serial_no": "SN1"})
    request = SerialNoInfoCreate(item_no="1000", serial_no="SN1", user="anna", description="Demo")
    write = plan_create(SERIAL_NO, request, stored={"item_no": "1000", "serial_no": "SN1"})
    assert write.values["blocked"] is False
    assert write.values["description"] == "Demo"
    assert "user" not in write.values
    assert write.audit.action == "create"
    assert write.audit.user == "anna"
    assert {name: (c.old, c.new) for name, c in write.audit.changes.items()} == {
        "description": (None, "Demo"),
        "comment": (None, ""),
    }


def test_creating_a_card_twice_is_refused_in_business_centrals_words() -> None:
    request = LotNoInfoCreate(item_no="1000", variant_code="red", lot_no="L1", user="anna")
    with pytest.raises(Conflict) as refused:
        plan_create(LOT, request, stored={"card_created_at": CREATED})
    assert refused.value.message == (
        "Lot No. Information for item 1000 variant RED lot L1 already exists."
    )
    assert refused.value.code == "already-exists"


def test_update_records_only_the_fields_whose_value_changed() -> None:
    card = stored_serial(description="Old", comment="Keep")
    write = plan_update(card, SerialNoInfoUpdate(user="ben", description="New", comment="Keep"))
    assert write.values == {"description": "New"}
    assert write.audit.action == "update"
    assert write.audit.user == "ben"
    assert {name: (c.old, c.new) for name, c in write.audit.changes.items()} == {
        "description": ("Old", "New")
    }


def test_block_carries_its_reason_and_a_second_block_is_refused() -> None:
    card = stored_serial()
    write = plan_block(SERIAL_NO, card, BlockRequest(user="qa", reason="Damaged in transit"))
    assert write.values == {"blocked": True}
    assert (write.audit.action, write.audit.reason) == ("block", "Damaged in transit")
    assert (write.audit.changes["blocked"].old, write.audit.changes["blocked"].new) == (False, True)

    with pytest.raises(Conflict) as refused:
        plan_block(SERIAL_NO, stored_serial(blocked=True), BlockRequest(user="qa", reason="Again"))
    assert refused.value.code == "already-blocked"
    assert (
        refused.value.message
        == "Serial No. Information for item 1000 serial SN1 is already blocked."
    )


def test_unblocking_an_unblocked_card_is_refused() -> None:
    with pytest.raises(Conflict) as refused:
        plan_unblock(SERIAL_NO, stored_serial(), BlockRequest(user="qa", reason="Released"))
    assert refused.value.code == "not-blocked"
    write = plan_unblock(
        SERIAL_NO, stored_serial(blocked=True), BlockRequest(user="qa", reason="Released")
    )
    assert write.values == {"blocked": False}
    assert write.audit.action == "unblock"


def test_a_package_is_keyed_by_its_number_alone() -> None:
    request = PackageNoInfoCreate(package_no="00012345600000000017", user="anna")
    key = key_of(PACKAGE, request)
    assert (key.no, key.item_no, key.variant_code) == ("00012345600000000017", "", "")
    with pytest.raises(Conflict) as refused:
        plan_create(PACKAGE, request, stored={"card_created_at": CREATED})
    assert refused.value.message == (
        "Package No. Information for package 00012345600000000017 already exists."
    )
