"""The breadth-first walk a trace's rows come from: levels, parents, cycles, entries seen."""

from service.domain.tracing import Flow, Step, walk


def test_each_entry_once_at_its_first_level_under_its_lowest_numbered_parent() -> None:
    flow: Flow = {
        10: [(20, "applied"), (21, "transferred")],
        11: [(20, "applied")],
        20: [(30, "component"), (21, "applied")],
        21: [(30, "component")],
    }
    assert walk([11, 10], flow, set()) == [
        Step(10, 1, None, "start"),
        Step(11, 1, None, "start"),
        Step(20, 2, 10, "applied"),
        Step(21, 2, 10, "transferred"),
        Step(30, 3, 20, "component"),
    ]


def test_a_cycle_ends_the_walk_and_entries_seen_before_are_skipped() -> None:
    flow: Flow = {1: [(2, "applied")], 2: [(3, "applied")], 3: [(1, "applied")]}
    seen = {3}
    assert walk([1, 1], flow, seen) == [Step(1, 1, None, "start"), Step(2, 2, 1, "applied")]
    assert seen == {1, 2, 3}
    assert walk([2], flow, seen) == []
