"""Business Central date formulas: documented examples, pinned choices, errors, and a property
test against a day-by-day reference implementation.

Doc sources (Microsoft Learn; the Markdown lives in the MicrosoftDocs GitHub repositories):
- CALCDATE: dev-itpro/developer/methods-auto/system/system-calcdate-string-date-method.md
  (dynamics365smb-devitpro-pb), on learn.microsoft.com/en-us/dynamics365/business-central/
  dev-itpro/developer/methods-auto/system/system-calcdate-string-date-method
- DATEFORMULA: dev-itpro/developer/methods-auto/dateformula/dateformula-data-type.md
- DATE_RANGES: business-central/ui-enter-date-ranges.md#use-date-formulas (dynamics365smb-docs)
- POSTING_PERIODS: business-central/finance-how-specify-posting-periods.md
- PERIOD_CALC: business-central/SRB/working-with-contracts/period-calculation.md
- PRICE_UPDATE: business-central/SRB/working-with-contracts/price-update.md
- SUB_START: business-central/SRB/sales/sales-service-commitments.md
- EXPENSES: business-central/expense-management/expense-management-setup.md
- GST: business-central/LocalFunctionality/India/
  GST-GST-Credit-and-Liability-Adjustment-for-Reverse-Charge-Service-Invoice.md
"""

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.date_formulas import (
    DateFormula,
    DateFormulaError,
    Sign,
    Term,
    Unit,
    calc_date,
)

D = dt.date
TUE_1996_05_21 = D(1996, 5, 21)  # the reference date of the CALCDATE page's example
WORK_DATE_2026_03_17 = D(2026, 3, 17)  # the work date of the POSTING_PERIODS table


def check(formula: str, on: dt.date, expected: dt.date) -> None:
    assert calc_date(formula, on) == expected, f"{formula} on {on}"


# --- documented examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("<CQ+1M-10D>", D(1996, 7, 20)),  # CALCDATE, Example 2
        ("<-WD2>", D(1996, 5, 14)),  # CALCDATE, Example 2 ("the last weekday no. 2")
        ("<CM+30D>", D(1996, 6, 30)),  # CALCDATE, Example 2
    ],
)
def test_calcdate_page_examples_give_the_printed_dates(formula: str, expected: dt.date) -> None:
    check(formula, TUE_1996_05_21, expected)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("-CM", D(2026, 3, 1)),  # POSTING_PERIODS: "Current month only", from
        ("CM", D(2026, 3, 31)),  # POSTING_PERIODS: "Current month only", to
        ("-30D", D(2026, 2, 15)),  # POSTING_PERIODS: "Rolling 30-day window", from
        ("0D", D(2026, 3, 17)),  # POSTING_PERIODS: "Rolling 30-day window" / "Today only"
        ("-1M", D(2026, 2, 17)),  # POSTING_PERIODS: "One month back, one week forward"
        ("1W", D(2026, 3, 24)),  # POSTING_PERIODS: "One month back, one week forward"
        ("-1M-CM", D(2026, 2, 1)),  # POSTING_PERIODS: "Previous month close", from
        ("-CM-1D", D(2026, 2, 28)),  # POSTING_PERIODS: "Previous month close", to
    ],
)
def test_posting_period_examples_give_the_documented_range(formula: str, expected: dt.date) -> None:
    check(formula, WORK_DATE_2026_03_17, expected)


# PERIOD_CALC, "Align to Start of Month": columns "1M - 1T", "2M - 1T", "1Q - 1T", "1Y - 1T"
# (T is the German day letter), i.e. the formulas 1M-1D, 2M-1D, 1Q-1D and 1Y-1D.
PERIOD_CALC_TABLE = {
    D(2024, 1, 28): (D(2024, 2, 27), D(2024, 3, 27), D(2024, 4, 27), D(2025, 1, 27)),
    D(2024, 1, 29): (D(2024, 2, 28), D(2024, 3, 28), D(2024, 4, 28), D(2025, 1, 28)),
    D(2024, 1, 30): (D(2024, 2, 28), D(2024, 3, 29), D(2024, 4, 29), D(2025, 1, 29)),
    D(2024, 1, 31): (D(2024, 2, 28), D(2024, 3, 30), D(2024, 4, 29), D(2025, 1, 30)),
    D(2024, 2, 29): (D(2024, 3, 28), D(2024, 4, 28), D(2024, 5, 28), D(2025, 2, 27)),
}


@pytest.mark.parametrize(
    ("on", "formula", "expected"),
    [
        (on, formula, expected)
        for on, row in PERIOD_CALC_TABLE.items()
        for formula, expected in zip(("1M-1D", "2M-1D", "1Q-1D", "1Y-1D"), row, strict=True)
    ],
)
def test_subscription_period_table_matches_month_end_clamping(
    on: dt.date, formula: str, expected: dt.date
) -> None:
    check(formula, on, expected)


def test_price_binding_of_one_year_from_new_years_eve() -> None:
    check("1Y", D(2025, 12, 31), D(2026, 12, 31))  # PRICE_UPDATE: 12.31.2025 + 1Y = 12.31.2026


def test_gst_liability_filter_of_sixty_days_back() -> None:
    check("-60D", D(2018, 1, 1), D(2017, 11, 2))  # GST: 01-Jan-18 - 60D = 02-Nov-17


def test_minus_cm_plus_1m_is_the_first_of_the_following_month() -> None:
    check("-CM+1M", D(2024, 5, 15), D(2024, 6, 1))  # SUB_START: "-CM+1M ... first day"


def test_cm_and_1m_minus_cm_give_this_month_end_and_next_month_start() -> None:
    # EXPENSES: "CM for the last day of the current month or 1M-CM for the first day of the
    # next month".
    check("CM", D(2024, 2, 10), D(2024, 2, 29))
    check("1M-CM", D(2024, 2, 10), D(2024, 3, 1))


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("CW", D(1996, 5, 26)),  # DATE_RANGES: "Current week" (weeks end on Sunday)
        ("CM", D(1996, 5, 31)),  # DATE_RANGES: "Current month (last day of the month)"
        ("10D", D(1996, 5, 31)),  # DATE_RANGES: "10 days from today"
        ("2W", D(1996, 6, 4)),  # DATE_RANGES / DATEFORMULA: "2 weeks"
        ("D10", D(1996, 6, 10)),  # DATE_RANGES: "The next 10th day of a month"
        ("WD4", D(1996, 5, 23)),  # DATE_RANGES: "The next 4th day of a week (Thursday)"
        ("CM+10D", D(1996, 6, 10)),  # DATE_RANGES / DATEFORMULA: "Current month + 10 days"
        ("-1Y", D(1995, 5, 21)),  # DATE_RANGES: "1 year ago from today"
        ("30D", D(1996, 6, 20)),  # DATEFORMULA: "30 days"
        ("CM+1M", D(1996, 6, 30)),  # DATEFORMULA: "Current month plus one month"
        ("CQ+1M+20D", D(1996, 8, 19)),  # DATEFORMULA: "Current quarter plus one month plus 20 days"
        ("CW+1W", D(1996, 6, 2)),  # DATEFORMULA: "Current week plus one week"
        ("D15", D(1996, 6, 15)),  # DATEFORMULA: "On the 15th of each month"
    ],
)
def test_syntax_table_examples_on_the_calcdate_reference_date(
    formula: str, expected: dt.date
) -> None:
    # These pages give meanings, not dates; the dates are those meanings on 21 May 1996.
    check(formula, TUE_1996_05_21, expected)


# --- the brief's examples and pinned choices ----------------------------------------------


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("2Y", D(1998, 5, 21)),
        ("-1W", D(1996, 5, 14)),
        ("-CM", D(1996, 5, 1)),
        ("<CM+1D>", D(1996, 6, 1)),
        ("-CW", D(1996, 5, 20)),
        ("CQ", D(1996, 6, 30)),
        ("-CQ", D(1996, 4, 1)),
        ("CY", D(1996, 12, 31)),
        ("-CY", D(1996, 1, 1)),
        ("CD", TUE_1996_05_21),
        ("-CD", TUE_1996_05_21),
        ("CWD", TUE_1996_05_21),
        ("-D10", D(1996, 5, 10)),
        ("-D25", D(1996, 4, 25)),
        ("WD2", D(1996, 5, 28)),
        ("M6", D(1996, 6, 1)),
        ("M3", D(1997, 3, 1)),
        ("-M5", D(1996, 5, 1)),
        ("-M6", D(1995, 6, 1)),
        ("W22", D(1996, 5, 27)),
        ("-W21", D(1996, 5, 20)),
        ("W1", D(1996, 12, 30)),  # ISO week 1 of 1997 starts on Monday 30 Dec 1996
    ],
)
def test_each_kind_of_term_on_the_reference_date(formula: str, expected: dt.date) -> None:
    check(formula, TUE_1996_05_21, expected)


@pytest.mark.parametrize(
    ("formula", "on", "expected"),
    [
        ("1M", D(2023, 1, 31), D(2023, 2, 28)),
        ("1M", D(2024, 1, 31), D(2024, 2, 29)),
        ("1Y", D(2024, 2, 29), D(2025, 2, 28)),
        ("-1M", D(2024, 3, 31), D(2024, 2, 29)),
        ("1Q", D(2023, 11, 30), D(2024, 2, 29)),
        ("CM+1M", D(2023, 2, 10), D(2023, 3, 28)),  # from a month end, +1M keeps the day
    ],
)
def test_month_arithmetic_clamps_to_the_month_end(
    formula: str, on: dt.date, expected: dt.date
) -> None:
    check(formula, on, expected)


@pytest.mark.parametrize(
    ("formula", "on", "expected"),
    [
        ("WD4", D(2024, 5, 16), D(2024, 5, 23)),  # a Thursday: the following Thursday
        ("-WD4", D(2024, 5, 16), D(2024, 5, 9)),
        ("D10", D(2024, 5, 10), D(2024, 6, 10)),  # the 10th: the 10th of next month
        ("-D10", D(2024, 5, 10), D(2024, 4, 10)),
        ("M5", D(2024, 5, 1), D(2025, 5, 1)),  # already 1 May: next year's
        ("W20", D(2024, 5, 13), D(2025, 5, 12)),  # already Monday of week 20: next year's
    ],
)
def test_position_terms_skip_a_date_that_already_matches(
    formula: str, on: dt.date, expected: dt.date
) -> None:
    # Pinned from CALCDATE's <-WD2> on a Tuesday, which returns the Tuesday before.
    check(formula, on, expected)


@pytest.mark.parametrize(
    ("formula", "on", "expected"),
    [
        ("D31", D(2023, 2, 1), D(2023, 2, 28)),
        ("D30", D(2024, 2, 10), D(2024, 2, 29)),
        ("D31", D(2023, 2, 28), D(2023, 3, 31)),  # 28 Feb already is "the 31st" of February
        ("-D31", D(2023, 3, 15), D(2023, 2, 28)),
        ("D31", D(2023, 4, 5), D(2023, 4, 30)),
    ],
)
def test_day_of_month_past_a_short_months_end_means_its_last_day(
    formula: str, on: dt.date, expected: dt.date
) -> None:
    check(formula, on, expected)


def test_week_53_is_found_in_the_next_year_that_has_one() -> None:
    check("W53", D(2021, 1, 1), D(2026, 12, 28))  # 2021-01-01 lies in week 53 of 2020
    check("-W53", D(2021, 1, 1), D(2020, 12, 28))


@pytest.mark.parametrize("formula", ["", "<>", "   ", "< >"])
def test_empty_formula_leaves_the_date_unchanged(formula: str) -> None:
    parsed = DateFormula.parse(formula)
    assert parsed.terms == ()
    assert str(parsed) == "<>"
    assert parsed.apply(TUE_1996_05_21) == TUE_1996_05_21


def test_calc_date_accepts_a_parsed_formula() -> None:
    assert calc_date(DateFormula.parse("<CM+30D>"), TUE_1996_05_21) == D(1996, 6, 30)


def test_parse_builds_signed_terms_of_each_kind() -> None:
    assert DateFormula.parse("-CQ+1M-WD4").terms == (
        Term(sign=-1, kind="current", unit="Q", number=0),
        Term(sign=1, kind="amount", unit="M", number=1),
        Term(sign=-1, kind="position", unit="WD", number=4),
    )


# --- normalization ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("cq+1m-10d", "<CQ+1M-10D>"),
        ("<CQ+1M-10D>", "<CQ+1M-10D>"),
        (" < cm + 30 d > ", "<CM+30D>"),
        ("+CM", "<CM>"),
        ("-cm", "<-CM>"),
        ("010D", "<10D>"),
        ("wd4", "<WD4>"),
        ("cwd", "<CWD>"),
        ("+1W-1D", "<1W-1D>"),
    ],
)
def test_str_gives_the_normalized_bracketed_text(text: str, normalized: str) -> None:
    parsed = DateFormula.parse(text)
    assert str(parsed) == normalized == parsed.text
    assert DateFormula.parse(normalized) == parsed


def test_spaces_do_not_count_towards_the_twenty_character_limit() -> None:
    text = " 1000D + 1000D - 1000D "  # 23 characters, 17 of them not spaces
    assert str(DateFormula.parse(text)) == "<1000D+1000D-1000D>"


# --- errors -------------------------------------------------------------------------------


def test_unknown_unit_error_names_the_unit_and_the_valid_ones() -> None:
    with pytest.raises(DateFormulaError) as caught:
        DateFormula.parse("1X")
    assert str(caught.value) == (
        "Invalid date formula '1X': unknown unit 'X' (use D, WD, W, M, Q or Y)"
    )


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("1D+1D+1D+1D", "at most 3 terms, found 4"),
        ("<1000D+1000D-1000D-100D>", "too long (22 characters; the maximum is 20"),
        ("10000D", "number 10000 is too large (the maximum is 9999)"),
        ("D10000", "number 10000 is too large (the maximum is 9999)"),
        ("garbage", "is not a valid term"),
        ("!!", "is not a valid term"),
        ("CM10D", "join terms with + or -"),
        ("2WD", "use 2D for a number of days"),
        ("Q2", "use 2Q for a number of quarters or CQ"),
        ("Y1", "use 1Y for a number of years or CY"),
        ("D0", "the day of the month must be from 1 to 31"),
        ("D32", "the day of the month must be from 1 to 31"),
        ("WD8", "1 = Monday ... 7 = Sunday"),
        ("M13", "the month number must be from 1 to 12"),
        ("W54", "the ISO week number must be from 1 to 53"),
        ("CD5", "'CD' (the current day) takes no number"),
        ("CX", "unknown unit 'X'"),
        ("<1D", "unbalanced angle brackets"),
        ("1D>", "unbalanced angle brackets"),
        ("1D+", "'+' must be followed by a term"),
        ("1D+-2D", "'+' must be followed by a term"),
        ("\u0661D", "is not a valid term"),  # an Arabic-Indic digit one
    ],
)
def test_invalid_formula_is_rejected_with_a_helpful_message(text: str, message_part: str) -> None:
    with pytest.raises(DateFormulaError, match=r"^Invalid date formula ") as caught:
        DateFormula.parse(text)
    assert message_part in str(caught.value)
    assert repr(text) in str(caught.value)


def test_calc_date_rejects_an_invalid_formula_text() -> None:
    with pytest.raises(DateFormulaError, match="unknown unit"):
        calc_date("1X", TUE_1996_05_21)


@pytest.mark.parametrize(
    ("formula", "on"),
    [("1D", dt.date.max), ("-1D", dt.date.min), ("9999Y", D(2000, 1, 1)), ("W5", D(9999, 12, 1))],
)
def test_result_beyond_the_supported_dates_raises_date_formula_error(
    formula: str, on: dt.date
) -> None:
    with pytest.raises(DateFormulaError, match="outside the supported dates"):
        calc_date(formula, on)


def test_term_cannot_be_built_with_an_unsupported_combination() -> None:
    with pytest.raises(DateFormulaError, match="Q cannot be followed by a number"):
        Term(sign=1, kind="position", unit="Q", number=2)


# --- property test against a day-by-day reference -----------------------------------------


def step(day: dt.date, sign: int) -> dt.date:
    return day + dt.timedelta(days=sign)


def is_last_of_month(day: dt.date) -> bool:
    return step(day, 1).month != day.month


def starts_period(day: dt.date, unit: Unit) -> bool:
    """Whether `day` is the first day of its week, month, quarter or year."""
    if unit == "W":
        return day.isoweekday() == 1
    first_months = {"M": range(1, 13), "Q": (1, 4, 7, 10), "Y": (1,)}[unit]
    return day.day == 1 and day.month in first_months


def walk_until(on: dt.date, sign: int, found: Callable[[dt.date], bool]) -> dt.date:
    """The first day strictly after (or before) `on` that satisfies `found`."""
    day = step(on, sign)
    while not found(day):
        day = step(day, sign)
    return day


def ref_days(on: dt.date, days: int, sign: int) -> dt.date:
    for _ in range(days):
        on = step(on, sign)
    return on


def ref_months(on: dt.date, months: int, sign: int) -> dt.date:
    """Walk into the month `months` away, then to the same day or that month's last day."""
    day, crossed = on, 0
    while crossed < months:
        day = step(day, sign)
        crossed += day.day == 1 if sign > 0 else is_last_of_month(day)
    while sign > 0 and day.day < on.day and not is_last_of_month(day):
        day = step(day, 1)
    while sign < 0 and day.day > on.day:
        day = step(day, -1)
    return day


def ref_amount(term: Term, on: dt.date) -> dt.date:
    if term.unit in ("D", "W"):
        return ref_days(on, term.number * (7 if term.unit == "W" else 1), term.sign)
    return ref_months(on, term.number * {"M": 1, "Q": 3, "Y": 12}[term.unit], term.sign)


def ref_position(term: Term, on: dt.date) -> dt.date:
    n = term.number
    matches: dict[str, Callable[[dt.date], bool]] = {
        "D": lambda d: d.day == n or (d.day < n and is_last_of_month(d)),
        "WD": lambda d: d.isoweekday() == n,
        "W": lambda d: d.isoweekday() == 1 and d.isocalendar().week == n,
        "M": lambda d: d.day == 1 and d.month == n,
    }
    return walk_until(on, term.sign, matches[term.unit])


def ref_current(term: Term, on: dt.date) -> dt.date:
    unit = term.unit
    if unit in ("D", "WD"):
        return on
    day = on
    if term.sign > 0:
        while not starts_period(step(day, 1), unit):
            day = step(day, 1)
    else:
        while not starts_period(day, unit):
            day = step(day, -1)
    return day


def reference(term: Term, on: dt.date) -> dt.date:
    return {"amount": ref_amount, "position": ref_position, "current": ref_current}[term.kind](
        term, on
    )


AMOUNT_LIMITS: dict[Unit, int] = {"D": 400, "W": 60, "M": 36, "Q": 12, "Y": 6}
POSITION_RANGES: dict[Unit, tuple[int, int]] = {
    "D": (1, 31),
    "WD": (1, 7),
    "W": (1, 53),
    "M": (1, 12),
}
ALL_UNITS: tuple[Unit, ...] = ("D", "WD", "W", "M", "Q", "Y")
SIGNS: tuple[Sign, ...] = (1, -1)


@st.composite
def terms(draw: st.DrawFn) -> Term:
    sign = draw(st.sampled_from(SIGNS))
    kind = draw(st.sampled_from(("amount", "position", "current")))
    if kind == "amount":
        unit = draw(st.sampled_from(tuple(AMOUNT_LIMITS)))
        return Term(sign, "amount", unit, draw(st.integers(0, AMOUNT_LIMITS[unit])))
    if kind == "position":
        unit = draw(st.sampled_from(tuple(POSITION_RANGES)))
        return Term(sign, "position", unit, draw(st.integers(*POSITION_RANGES[unit])))
    return Term(sign, "current", draw(st.sampled_from(ALL_UNITS)), 0)


dates_1900_2100 = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@settings(max_examples=400)
@given(term=terms(), on=dates_1900_2100)
def test_single_term_matches_the_day_by_day_reference(term: Term, on: dt.date) -> None:
    assert term.apply(on) == reference(term, on)


@settings(max_examples=200)
@given(parts=st.lists(terms(), min_size=1, max_size=3), on=dates_1900_2100)
def test_formula_text_applies_its_terms_left_to_right(parts: list[Term], on: dt.date) -> None:
    text = "".join(str(term) for term in parts)
    parsed = DateFormula.parse(text)
    expected = on
    for term in parts:
        expected = reference(term, expected)
    assert parsed.terms == tuple(parts)
    assert parsed.apply(on) == expected
    assert DateFormula.parse(str(parsed)) == parsed


@settings(max_examples=300)
@given(number=st.integers(26, 31), sign=st.sampled_from(SIGNS), on=dates_1900_2100)
def test_late_day_of_month_matches_the_reference_in_short_months(
    number: int, sign: Sign, on: dt.date
) -> None:
    term = Term(sign=sign, kind="position", unit="D", number=number)
    assert term.apply(on) == reference(term, on)
