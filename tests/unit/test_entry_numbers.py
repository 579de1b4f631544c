"""The entry numbers a process holds: when its block may serve a posting, and what a draw
leaves it with."""

from service.domain.entry_numbers import NumberBlock


def test_a_process_without_numbers_draws_first() -> None:
    assert not NumberBlock().serves(1, None)
    assert not NumberBlock().serves(1, 0)


def test_the_block_serves_while_the_sequence_stands_where_this_process_left_it() -> None:
    block = NumberBlock().drawn_after(0, 100)
    assert (block.next, block.last, block.unused) == (1, 100, 100)
    assert block.serves(100, 100)
    assert not block.serves(101, 100), "not enough numbers left"
    assert not block.serves(1, 200), "another process drew since"
    assert not block.serves(1, None), "the sequence is gone: the database was emptied"


def test_taking_numbers_hands_them_out_in_order() -> None:
    block = NumberBlock().drawn_after(40, 10)
    before, block = block.take(3)
    assert before == 40
    before, block = block.take(2)
    assert before == 43
    assert (block.next, block.unused) == (46, 5)


def test_a_draw_right_after_this_process_own_keeps_its_unused_numbers() -> None:
    block = NumberBlock().drawn_after(0, 10)
    _, block = block.take(8)
    block = block.drawn_after(10, 10)  # no one drew in between: 9 and 10 are not skipped
    assert (block.next, block.last) == (9, 20)
    assert block.serves(12, 20)


def test_a_draw_after_another_process_drew_starts_at_the_new_numbers() -> None:
    block = NumberBlock().drawn_after(0, 10)
    _, block = block.take(8)
    block = block.drawn_after(25, 10)  # 11 to 25 went to another process
    assert (block.next, block.last) == (26, 35)


def test_a_posting_that_read_the_sequence_before_this_process_drew_again_is_served() -> None:
    block = NumberBlock().drawn_after(0, 10).drawn_after(10, 10)
    assert block.serves(1, 10), "read before the second draw, which no other process preceded"
    assert block.serves(1, 20)
    block = block.drawn_after(20, 10)
    assert not block.serves(1, 10), "only the latest two draws are remembered"
