"""The one package model's rules for postings (`service/domain/held_stock.py`), without a graph."""

from datetime import UTC, datetime

from service.domain.held_stock import (
    HeldEdge,
    Number,
    OpenEdge,
    PostedEntry,
    follow_entries,
)

L1: Number = ("lot", "1910-S", "", "L1")
S1: Number = ("serial", "1900-S", "", "S1")
EARLY, LATE = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)


def edge(edge_id: str, number: Number, package_no: str, quantity: float = 1,
         location: str | None = "MAIN", at: datetime = EARLY) -> HeldEdge:  # fmt: skip
    return HeldEdge(edge_id, number, package_no, location, quantity, at)


def test_what_is_still_on_hand_stays_packed() -> None:
    edges = [edge("e1", L1, "CT1", 6)]
    changes = follow_entries(edges, {(L1, "MAIN"): 10}, [PostedEntry(L1, "MAIN", -4, "")], {})
    assert (changes.close, changes.open) == ([], [])


def test_an_unstamped_outbound_takes_from_the_last_packed_first() -> None:
    edges = [edge("e1", L1, "CT1", 5), edge("e2", L1, "CT2", 5, at=LATE)]
    changes = follow_entries(edges, {(L1, "MAIN"): 7}, [PostedEntry(L1, "MAIN", -3, "")], {})
    assert changes.close == ["e2"]
    assert changes.open == [OpenEdge(L1, "CT2", "MAIN", 2)]


def test_a_stamped_outbound_takes_from_its_own_package() -> None:
    edges = [edge("e1", L1, "CT1", 5), edge("e2", L1, "CT2", 5, at=LATE)]
    changes = follow_entries(edges, {(L1, "MAIN"): 7}, [PostedEntry(L1, "MAIN", -3, "CT1")], {})
    assert changes.close == ["e1"]
    assert changes.open == [OpenEdge(L1, "CT1", "MAIN", 2)]


def test_a_serial_shipped_leaves_and_one_received_stamped_joins() -> None:
    shipped = follow_entries([edge("e1", S1, "CT1")], {}, [PostedEntry(S1, "MAIN", -1, "")], {})
    assert (shipped.close, shipped.open) == (["e1"], [])
    received = follow_entries([], {(S1, "MAIN"): 1}, [PostedEntry(S1, "MAIN", 1, "CT9")], {})
    assert received.open == [OpenEdge(S1, "CT9", "MAIN", 1)]


def test_a_reclassification_to_another_package_moves_the_part() -> None:
    edges = [edge("e1", L1, "P1", 5)]
    posted = [PostedEntry(L1, "MAIN", -4, "P1"), PostedEntry(L1, "MAIN", 4, "P2")]
    changes = follow_entries(edges, {(L1, "MAIN"): 5}, posted, {"P2": None})
    assert changes.close == ["e1"]
    assert changes.open == [OpenEdge(L1, "P1", "MAIN", 1), OpenEdge(L1, "P2", "MAIN", 4)]


def test_stock_received_into_a_package_at_another_location_stays_loose() -> None:
    changes = follow_entries([], {(L1, "EAST"): 4}, [PostedEntry(L1, "EAST", 4, "P1")],
                             {"P1": "MAIN"})  # fmt: skip
    assert (changes.close, changes.open) == ([], [])


def test_what_comes_back_of_a_package_shipped_whole_leaves_it() -> None:
    edges = [edge("e1", S1, "PAL1", location=None), edge("e2", L1, "PAL1", 6, location=None)]
    back = [PostedEntry(S1, "EAST", 1, "", returned=True)]
    changes = follow_entries(edges, {(S1, "EAST"): 1}, back, {})
    assert (changes.close, changes.open) == (["e1"], [])
    received_again = [PostedEntry(L1, "MAIN", 6, "")]  # a new receipt of the lot, not a return
    unchanged = follow_entries(edges, {(L1, "MAIN"): 6}, received_again, {})
    assert (unchanged.close, unchanged.open) == ([], [])
