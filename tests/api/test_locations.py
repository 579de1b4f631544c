"""`/v1/locations`: create, read, update, list, bins."""

import httpx


async def test_location_round_trip_with_bins(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/v1/locations",
        json={"code": "blue", "name": "Blue warehouse", "bins": [{"code": "A-01"}]},
    )
    assert created.status_code == 201
    assert created.json()["code"] == "BLUE"

    await client.post("/v1/locations/BLUE/bins", json={"code": "A-02", "description": "Rack 2"})
    await client.patch("/v1/locations/blue", json={"name": "Blue DC"})

    got = (await client.get("/v1/locations/BLUE")).json()
    assert got["name"] == "Blue DC"
    assert [b["code"] for b in got["bins"]] == ["A-01", "A-02"]

    listed = (await client.get("/v1/locations")).json()
    assert [loc["code"] for loc in listed["items"]] == ["BLUE"]
    assert listed["next_offset"] is None


async def test_duplicate_location_is_a_409(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/locations", json={"code": "RED"})).status_code == 201
    again = await client.post("/v1/locations", json={"code": "red"})
    assert again.status_code == 409
    assert again.json()["detail"] == "Location RED already exists."


async def test_duplicate_bin_is_a_409(client: httpx.AsyncClient) -> None:
    await client.post("/v1/locations", json={"code": "RED", "bins": [{"code": "B1"}]})
    again = await client.post("/v1/locations/RED/bins", json={"code": "B1"})
    assert again.status_code == 409


async def test_unknown_location_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/locations/NOWHERE")
    assert response.status_code == 404
    assert response.json()["code"] == "location-not-found"


async def test_location_code_longer_than_ten_is_a_422_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/locations", json={"code": "X" * 11})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "code"
    assert "code" in body["detail"]


async def test_paging_walks_every_location_once(client: httpx.AsyncClient) -> None:
    for n in range(5):
        await client.post("/v1/locations", json={"code": f"L{n}"})
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = (await client.get("/v1/locations", params={"limit": 2, "offset": offset})).json()
        seen += [loc["code"] for loc in page["items"]]
        offset = page["next_offset"]
    assert seen == ["L0", "L1", "L2", "L3", "L4"]
