"""`KeyedQueues`: postings of one item wait their turn in the process, in arrival order; postings
of other items do not wait; overlapping key sets cannot wait on each other."""

import asyncio

from service.graph.queues import KeyedQueues


async def test_holders_of_one_key_run_one_at_a_time_in_arrival_order() -> None:
    queues = KeyedQueues()
    order: list[str] = []
    inside = 0

    async def hold(name: str) -> None:
        nonlocal inside
        async with queues.holding(["item/A"]):
            inside += 1
            assert inside == 1
            order.append(name)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(hold(f"p{n}") for n in range(5)))
    assert order == ["p0", "p1", "p2", "p3", "p4"]


async def test_holders_of_other_keys_do_not_wait() -> None:
    queues = KeyedQueues()
    release = asyncio.Event()
    async with queues.holding(["item/A"]):
        async with asyncio.timeout(1):
            async with queues.holding(["item/B"]):
                release.set()
    assert release.is_set()


async def test_overlapping_key_sets_in_any_order_finish() -> None:
    queues = KeyedQueues()
    done: list[int] = []

    async def hold(n: int, keys: list[str]) -> None:
        async with queues.holding(keys):
            await asyncio.sleep(0.005)
            done.append(n)

    async with asyncio.timeout(5):
        await asyncio.gather(*(hold(n, ["a", "b"] if n % 2 else ["b", "a"]) for n in range(10)))
    assert sorted(done) == list(range(10))


async def test_a_key_is_forgotten_once_nobody_holds_or_awaits_it() -> None:
    queues = KeyedQueues()
    async with queues.holding(["item/A", "item/B"]):
        pass
    async with queues.holding(["item/A"]):
        assert queues.held() == ["item/A"]
    assert queues.held() == []
