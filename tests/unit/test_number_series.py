"""Number series: BC's IncStr on the rightmost digits, setting a series up, drawing numbers."""

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from service.domain.number_series import (
    NumberSeries,
    NumberSeriesCreate,
    NumberSeriesUpdate,
    UnincrementableNo,
    apply_update,
    draw,
    increment,
    new_series,
    value_of,
)
from service.errors import Conflict, InvalidInput

TODAY = date(2026, 3, 17)


def series(**fields: Any) -> NumberSeries:
    return new_series(NumberSeriesCreate.model_validate({"code": "SN", **fields}))


# --- increment ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("no", "expected"),
    [
        ("SN00009", "SN00010"),  # the examples
        ("LOT-2026-0099", "LOT-2026-0100"),
        ("A99", "A100"),  # overflow grows the number by a digit
        ("2026-001-X", "2026-002-X"),  # only the rightmost digits change; text after stays
        ("A10B20", "A10B21"),  # INCSTR documentation (NAV 2016)
        ("A12B12C", "A12B13C"),
        ("A0", "A1"),  # zero counts up
        ("A12B99C", "A12B100C"),
        ("9", "10"),
        ("0000", "0001"),
        ("S-ORD-099999", "S-ORD-100000"),
    ],
)
def test_increment_changes_only_the_rightmost_digits(no: str, expected: str) -> None:
    assert increment(no) == expected


def test_increment_keeps_zero_padding_and_steps_by_the_increment() -> None:
    assert increment("INV0001", 10) == "INV0011"
    assert increment("INV0095", 10) == "INV0105"
    assert increment("INV9995", 10) == "INV10005"


def test_increment_by_zero_leaves_the_number_as_is() -> None:
    assert increment("SN007", 0) == "SN007"


def test_increment_of_text_without_a_digit_is_a_clear_error() -> None:
    with pytest.raises(UnincrementableNo, match="'ABC' contains no number"):
        increment("ABC")


def test_increment_by_a_negative_step_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        increment("A1", -1)


numbers = st.builds(
    lambda before, digits, after: before + digits + after,
    st.text("ABC-/", max_size=5),
    st.text("0123456789", min_size=1, max_size=6),
    st.text("XYZ-", max_size=3),
)


@settings(max_examples=300)
@given(no=numbers, n=st.integers(0, 300))
def test_incrementing_n_times_equals_incrementing_by_n(no: str, n: int) -> None:
    stepwise = no
    for _ in range(n):
        stepwise = increment(stepwise)
    assert stepwise == increment(no, n)


@settings(max_examples=300)
@given(no=numbers, by=st.integers(1, 1000), steps=st.integers(1, 30))
def test_each_next_number_is_numerically_greater(no: str, by: int, steps: int) -> None:
    previous = no
    for _ in range(steps):
        nxt = increment(previous, by)
        assert value_of(nxt) == value_of(previous) + by
        assert len(nxt) >= len(previous)
        previous = nxt


# --- setting a series up --------------------------------------------------------------------


def test_numbers_are_trimmed_and_upper_cased_like_bc_code_fields() -> None:
    created = series(starting_no=" sn00001 ", ending_no="sn99999")
    assert (created.starting_no, created.ending_no) == ("SN00001", "SN99999")
    assert (created.last_no_used, created.last_date_used) == ("", None)


def test_starting_no_without_a_digit_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        NumberSeriesCreate.model_validate({"code": "SN", "starting_no": "SN-"})
    assert caught.value.errors()[0]["loc"] == ("starting_no",)
    assert "must contain a number" in caught.value.errors()[0]["msg"]


def test_starting_no_longer_than_twenty_characters_is_refused() -> None:
    with pytest.raises(ValidationError):
        NumberSeriesCreate.model_validate({"code": "SN", "starting_no": "S" * 20 + "1"})


def test_ending_no_of_another_format_is_refused_naming_ending_no() -> None:
    with pytest.raises(InvalidInput) as caught:
        series(starting_no="LOT-2026-0001", ending_no="LOT-2027-9999")
    assert caught.value.extra["errors"][0]["field"] == "ending_no"
    assert caught.value.message == (
        "The number format in Ending No. (LOT-2027-9999) must be the same as the number format "
        "in Starting No. (LOT-2026-0001)."
    )


def test_ending_no_below_starting_no_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"Ending No\. SN00005 must not be less than"):
        series(starting_no="SN00010", ending_no="SN00005")


def test_numbers_compare_by_value_so_a_wider_ending_no_is_fine() -> None:
    assert series(starting_no="A999", ending_no="A1000").ending_no == "A1000"


def test_warning_no_needs_an_ending_no() -> None:
    with pytest.raises(InvalidInput, match=r"Warning No\. needs an Ending No\.") as caught:
        series(starting_no="SN001", warning_no="SN090")
    assert caught.value.extra["errors"][0]["field"] == "warning_no"


def test_warning_no_beyond_ending_no_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"must not be greater than Ending No\."):
        series(starting_no="SN001", ending_no="SN099", warning_no="SN100")


def test_clearing_the_ending_no_clears_the_warning_no() -> None:
    start = series(starting_no="SN001", ending_no="SN099", warning_no="SN090")
    updated = apply_update(start, NumberSeriesUpdate.model_validate({"ending_no": None}))
    assert (updated.ending_no, updated.warning_no) == ("", "")


def test_ending_no_below_the_last_no_used_is_refused() -> None:
    used = series(starting_no="SN001").model_copy(update={"last_no_used": "SN050"})
    with pytest.raises(InvalidInput, match=r"must not be less than Last No\. Used SN050"):
        apply_update(used, NumberSeriesUpdate(ending_no="SN040"))


def test_starting_no_cannot_be_cleared() -> None:
    with pytest.raises(ValidationError) as caught:
        NumberSeriesUpdate.model_validate({"starting_no": None})
    assert caught.value.errors()[0]["loc"] == ("starting_no",)


# --- drawing --------------------------------------------------------------------------------


def test_first_draw_starts_at_the_starting_no_then_counts_up() -> None:
    first = draw(series(starting_no="SN00009"), 1, TODAY)
    assert first.numbers == ["SN00009"]
    used = series(starting_no="SN00009").model_copy(update={"last_no_used": "SN00009"})
    nxt = draw(used, 3, TODAY)
    assert nxt.numbers == ["SN00010", "SN00011", "SN00012"]
    assert (nxt.last_no_used, nxt.last_date_used, nxt.warning) == ("SN00012", TODAY, None)


def test_draw_steps_by_the_increment() -> None:
    drawn = draw(series(starting_no="INV0010", increment_by_no=10), 3, TODAY)
    assert drawn.numbers == ["INV0010", "INV0020", "INV0030"]


def test_draw_warns_once_the_warning_no_is_reached() -> None:
    start = series(starting_no="SN01", ending_no="SN10", warning_no="SN08")
    assert draw(start, 7, TODAY).warning is None
    drawn = draw(start, 8, TODAY)
    assert drawn.warning == (
        "The number series SN has reached its warning number SN08: 2 more numbers can be "
        "assigned before the ending number SN10."
    )
    assert "1 more number can" in str(draw(start, 9, TODAY).warning)


def test_draw_may_take_the_ending_no_itself() -> None:
    assert draw(series(starting_no="SN1", ending_no="SN3"), 3, TODAY).last_no_used == "SN3"


def test_exhausted_series_refuses_with_bc_wording() -> None:
    used = series(starting_no="SN1", ending_no="SN3").model_copy(update={"last_no_used": "SN3"})
    with pytest.raises(Conflict) as caught:
        draw(used, 1, TODAY)
    assert caught.value.code == "number-series-exhausted"
    assert caught.value.message == (
        "You cannot assign new numbers from the number series SN. "
        "The next number, SN4, would pass the ending number SN3."
    )
    assert caught.value.extra == {"remaining": 0}


def test_draw_of_more_than_remain_assigns_none() -> None:
    start = series(starting_no="SN1", ending_no="SN3")
    with pytest.raises(Conflict, match="5 numbers were requested, but only 3 remain") as caught:
        draw(start, 5, TODAY)
    assert caught.value.extra == {"remaining": 3}


def test_number_that_would_pass_twenty_characters_exhausts_the_series() -> None:
    full = series(starting_no="SERIAL-0000000000099").model_copy(
        update={"last_no_used": "SERIAL-9999999999999"}
    )
    with pytest.raises(Conflict, match="cannot be extended to more than 20 characters"):
        draw(full, 1, TODAY)
