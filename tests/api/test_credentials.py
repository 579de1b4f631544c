"""Neo4j's credentials never show: not in settings' repr, errors, or logs (debug included)."""

import logging

import pytest
from asgi_lifespan import LifespanManager
from neo4j.exceptions import AuthError
from pydantic import SecretStr

from service.main import create_app
from service.settings import Settings

SECRET = "wrong-Secret-4711"


async def test_a_wrong_neo4j_password_fails_startup_without_showing_it(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = settings.model_copy(update={"neo4j_password": SecretStr(SECRET)})
    assert SECRET not in repr(wrong)
    assert SECRET not in str(wrong.model_dump())
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthError) as raised:
        async with LifespanManager(create_app(wrong), startup_timeout=60):
            pass
    assert "unauthorized" in str(raised.value).lower()
    assert SECRET not in str(raised.value)
    assert caplog.records, "the driver logged its connection attempts"
    assert SECRET not in caplog.text
