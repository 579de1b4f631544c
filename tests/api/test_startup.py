"""What a started service sets up for itself, beyond the schema."""

import gc

from fastapi import FastAPI

from service.main import COLLECTOR_THRESHOLD


async def test_a_started_service_collects_cycles_less_often_and_never_in_startup_objects(
    app: FastAPI,
) -> None:
    assert app.state.graph is not None
    assert gc.get_threshold()[0] == COLLECTOR_THRESHOLD
    assert gc.get_freeze_count() > 10_000  # modules, app and driver: out of every collection
