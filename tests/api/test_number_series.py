"""`/v1/number-series`: create, read, update, list, and drawing the next numbers."""

import asyncio
from typing import Any

import httpx

from service.domain.number_series import increment


async def create(client: httpx.AsyncClient, **fields: Any) -> httpx.Response:
    return await client.post("/v1/number-series", json=fields)


async def test_number_series_round_trip(client: httpx.AsyncClient) -> None:
    created = await create(
        client, code="sn", description="Serial numbers", starting_no="sn00001", ending_no="SN99999"
    )
    assert created.status_code == 201
    assert created.json() == {
        "code": "SN",
        "description": "Serial numbers",
        "starting_no": "SN00001",
        "increment_by_no": 1,
        "ending_no": "SN99999",
        "warning_no": "",
        "last_no_used": "",
        "last_date_used": None,
        "skipped_nos": 0,
        "last_skipped_no": "",
    }

    updated = await client.patch(
        "/v1/number-series/sn", json={"warning_no": "SN99000", "increment_by_no": 2}
    )
    assert updated.status_code == 200
    got = (await client.get("/v1/number-series/SN")).json()
    assert (got["warning_no"], got["increment_by_no"]) == ("SN99000", 2)

    await create(client, code="LOT", description="Lots", starting_no="LOT-2026-0001")
    listed = (await client.get("/v1/number-series")).json()
    assert [s["code"] for s in listed["items"]] == ["LOT", "SN"]
    assert listed["next_offset"] is None
    found = (await client.get("/v1/number-series", params={"search": "serial"})).json()
    assert [s["code"] for s in found["items"]] == ["SN"]
    page = (await client.get("/v1/number-series", params={"limit": 1, "offset": 1})).json()
    assert ([s["code"] for s in page["items"]], page["next_offset"]) == (["SN"], 2)


async def test_duplicate_number_series_is_a_409(client: httpx.AsyncClient) -> None:
    assert (await create(client, code="SN", starting_no="SN1")).status_code == 201
    again = await create(client, code="sn", starting_no="X1")
    assert again.status_code == 409
    assert again.json()["detail"] == "Number series SN already exists."


async def test_unknown_number_series_is_a_404(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/v1/number-series/NOPE"),
        await client.patch("/v1/number-series/NOPE", json={"description": "x"}),
        await client.post("/v1/number-series/NOPE/next"),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "number-series-not-found"
        assert response.json()["detail"] == "Number series NOPE does not exist."


async def test_starting_no_without_a_digit_is_a_422_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    response = await create(client, code="SN", starting_no="SN-")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "starting_no"
    assert "must contain a number" in body["errors"][0]["message"]


async def test_ending_no_of_another_format_is_a_422_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    response = await create(client, code="LOT", starting_no="LOT-2026-0001", ending_no="L9999")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "ending_no"
    await create(client, code="LOT", starting_no="LOT-2026-0001", ending_no="LOT-2026-9999")
    patched = await client.patch("/v1/number-series/LOT", json={"warning_no": "LOT-2026-10000"})
    assert patched.status_code == 422
    assert patched.json()["errors"][0]["field"] == "warning_no"
    assert "must not be greater than Ending No." in patched.json()["detail"]


async def test_last_no_used_is_not_set_by_clients(client: httpx.AsyncClient) -> None:
    response = await create(client, code="SN", starting_no="SN1", last_no_used="SN5")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "last_no_used"


async def test_next_gives_the_starting_no_first_then_counts_up(
    client: httpx.AsyncClient,
) -> None:
    await create(client, code="LOT", starting_no="LOT-2026-0099")
    first = await client.post("/v1/number-series/lot/next")
    assert first.status_code == 200
    assert first.json()["numbers"] == ["LOT-2026-0099"]
    more = (await client.post("/v1/number-series/LOT/next", json={"count": 3})).json()
    assert more["code"] == "LOT"
    assert more["numbers"] == ["LOT-2026-0100", "LOT-2026-0101", "LOT-2026-0102"]
    assert (more["last_no_used"], more["warning"]) == ("LOT-2026-0102", None)
    stored = (await client.get("/v1/number-series/LOT")).json()
    assert stored["last_no_used"] == "LOT-2026-0102"
    assert stored["last_date_used"] == more["last_date_used"]


async def test_next_count_outside_one_to_a_thousand_is_a_422(client: httpx.AsyncClient) -> None:
    await create(client, code="SN", starting_no="SN1")
    for count in (0, 1001):
        response = await client.post("/v1/number-series/SN/next", json={"count": count})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "count"


async def test_next_warns_when_the_warning_no_is_reached(client: httpx.AsyncClient) -> None:
    await create(client, code="SN", starting_no="SN01", ending_no="SN10", warning_no="SN09")
    quiet = (await client.post("/v1/number-series/SN/next", json={"count": 8})).json()
    assert quiet["warning"] is None
    warned = (await client.post("/v1/number-series/SN/next")).json()
    assert warned["numbers"] == ["SN09"]
    assert warned["warning"] == (
        "The number series SN has reached its warning number SN09: 1 more number can be "
        "assigned before the ending number SN10."
    )


async def test_exhausted_series_is_a_409_in_bc_words(client: httpx.AsyncClient) -> None:
    await create(client, code="SN", starting_no="SN1", ending_no="SN3")
    too_many = await client.post("/v1/number-series/SN/next", json={"count": 4})
    assert too_many.status_code == 409
    assert too_many.json()["remaining"] == 3
    assert (await client.get("/v1/number-series/SN")).json()["last_no_used"] == ""

    assert (await client.post("/v1/number-series/SN/next", json={"count": 3})).status_code == 200
    exhausted = await client.post("/v1/number-series/SN/next")
    assert exhausted.status_code == 409
    body = exhausted.json()
    assert body["code"] == "number-series-exhausted"
    assert body["detail"] == (
        "You cannot assign new numbers from the number series SN. "
        "The next number, SN4, would pass the ending number SN3."
    )


async def test_twenty_parallel_callers_drawing_fifty_each_get_a_thousand_numbers_without_gaps(
    client: httpx.AsyncClient,
) -> None:
    await create(client, code="PAR", starting_no="P-0000998")

    async def caller() -> list[str]:
        mine: list[str] = []
        for _ in range(50):
            response = await client.post("/v1/number-series/PAR/next")
            assert response.status_code == 200, response.text
            mine += response.json()["numbers"]
        return mine

    drawn = [no for mine in await asyncio.gather(*(caller() for _ in range(20))) for no in mine]

    expected = ["P-0000998"]
    while len(expected) < 1000:
        expected.append(increment(expected[-1]))
    assert len(set(drawn)) == 1000
    assert sorted(drawn) == expected  # P-0000998 ... P-0001997: no duplicate, no gap
    stored = (await client.get("/v1/number-series/PAR")).json()
    assert stored["last_no_used"] == expected[-1] == "P-0001997"
