"""L1 and L4: inputs that answered 500 answer 4xx naming the field, and the EPCIS `Link` header
does not repeat the caller's Host header."""

import base64
import json

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import lots, post, tracked_item


def _token(offset: object) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


@pytest.mark.parametrize("offset", [2**63 - 1, 2**63, 10**30, True])
async def test_a_page_token_out_of_range_or_not_a_number_is_422(
    client: httpx.AsyncClient, offset: object
) -> None:
    response = await client.get("/v1/epcis/events", params={"nextPageToken": _token(offset)})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "nextPageToken"


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00-23:59", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]
)
async def test_an_event_time_at_the_edge_of_the_calendar_answers_without_a_500(
    client: httpx.AsyncClient, when: str
) -> None:
    response = await client.get("/v1/epcis/events", params={"GE_eventTime": when})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.json()["errors"][0]["field"] == "GE_eventTime"


async def test_a_posting_whose_expiration_formula_passes_year_9999_is_422(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    code = {"lot_specific_tracking": True, "use_expiration_dates": True}
    await tracked_item(client, "EXP", code, expiration_calculation="1Y")
    response = await post(client, "purchase_receipt", "PR-9", [lots("EXP", "L1", 1)],
                          posting_date="9999-12-31")  # fmt: skip
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "posting_date"
    assert "9999-12-31" in response.json()["detail"]


async def test_the_next_page_link_does_not_repeat_the_host_header(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    for no in ("PR-1", "PR-2"):
        assert (
            await post(client, "purchase_receipt", no, [lots("1928-S", no, 1)])
        ).status_code == 201
    response = await client.get("/v1/epcis/events", params={"perPage": 1},
                                headers={"Host": "evil.example"})  # fmt: skip
    assert response.status_code == 200
    link = response.headers["link"]
    assert "evil.example" not in link
    assert link.startswith("</v1/epcis/events?perPage=1&nextPageToken=")
    assert link.endswith('>; rel="next"')
