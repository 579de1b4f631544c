"""When a trace reads its entries' fields with its walk, and when in a statement of their own."""

from service.graph.tracing import ALL_ENTRIES, EAGER_ENTRIES, entries_up_to


def test_an_answer_from_the_first_row_reads_as_many_entries_with_the_walk_as_it_may_hold() -> None:
    assert entries_up_to(0, 10_000) == 10_000
    assert entries_up_to(0, None) == ALL_ENTRIES, "an export holds every row"


def test_a_small_page_or_a_later_one_reads_only_a_short_walks_entries_with_it() -> None:
    assert entries_up_to(0, 5) == EAGER_ENTRIES
    assert entries_up_to(20, 10_000) == EAGER_ENTRIES
    assert entries_up_to(20, None) == EAGER_ENTRIES
