"""`/v1/customers` and `/v1/vendors`."""

import httpx
import pytest


@pytest.mark.parametrize("resource", ["customers", "vendors"])
async def test_partner_round_trip(client: httpx.AsyncClient, resource: str) -> None:
    created = await client.post(
        f"/v1/{resource}", json={"no": "c10000", "name": "The Cannon Group", "gln": "0614141000012"}
    )
    assert created.status_code == 201
    assert created.json()["no"] == "C10000"
    updated = await client.patch(f"/v1/{resource}/C10000", json={"country_region_code": "GB"})
    assert updated.json()["country_region_code"] == "GB"
    got = (await client.get(f"/v1/{resource}/c10000")).json()
    assert got == {
        "no": "C10000",
        "name": "The Cannon Group",
        "country_region_code": "GB",
        "gln": "0614141000012",
        "address": "", "address_2": "", "city": "", "post_code": "", "contact": "",
        "phone_no": "", "email": "",
    }  # fmt: skip
    found = (await client.get(f"/v1/{resource}", params={"search": "cannon"})).json()
    assert [p["no"] for p in found["items"]] == ["C10000"]
    assert (await client.get(f"/v1/{resource}", params={"search": "zzz"})).json()["items"] == []


async def test_customer_and_vendor_numbers_are_separate(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/customers", json={"no": "P1"})).status_code == 201
    assert (await client.post("/v1/vendors", json={"no": "P1"})).status_code == 201
    assert (await client.post("/v1/vendors", json={"no": "P1"})).status_code == 409


async def test_unknown_customer_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/customers/NOPE")
    assert response.status_code == 404
    assert response.json()["detail"] == "Customer NOPE does not exist."


async def test_unknown_field_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/vendors", json={"no": "V1", "nmae": "typo"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "nmae"
