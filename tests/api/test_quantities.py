"""Quantities as Business Central keeps them: JSON numbers, finite, to 0.00001, serials 1."""

import json
from typing import Any

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import count_entries, post
from tests.api.test_epcis_capture import CHAIN_EVENTS, LD, _document, _setup


def _receipt(quantity: Any) -> dict[str, Any]:
    return {"item_no": "1910-S", "location_code": "MAIN", "quantity": quantity,
            "tracking": [{"lot_no": "LOT-Q", "quantity": quantity}]}  # fmt: skip


@pytest.mark.parametrize(
    ("quantity", "says"),
    [
        ("1", "Input should be a valid number"),
        (True, "Input should be a valid number"),
        (1e-300, "more than 5 decimals"),
        (0.000001, "more than 5 decimals"),
        (2.123456, "more than 5 decimals"),
    ],
)
async def test_a_quantity_that_is_not_a_bc_number_is_a_422_and_posts_nothing(
    client: httpx.AsyncClient, graph: Graph, quantity: Any, says: str
) -> None:
    await seed(graph)
    refused = await post(client, "purchase_receipt", "PR-Q", [_receipt(quantity)])
    assert refused.status_code == 422, refused.text
    assert says in refused.text
    assert await count_entries(graph) == 0


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
async def test_nan_and_infinity_are_refused_in_a_posting(
    client: httpx.AsyncClient, graph: Graph, word: str
) -> None:
    await seed(graph)
    body = json.dumps({"kind": "purchase_receipt", "document_no": "PR-Q", "vendor_no": "V20000",
                       "posting_date": "2026-11-02", "lines": [_receipt(1)]})  # fmt: skip
    body = body.replace('"quantity": 1,', f'"quantity": {word},', 1)
    refused = await client.post(
        "/v1/postings", content=body, headers={"content-type": "application/json"}
    )
    assert refused.status_code == 422, refused.text
    assert await count_entries(graph) == 0


async def test_five_decimals_post_as_given(client: httpx.AsyncClient, graph: Graph) -> None:
    await seed(graph)
    posted = await post(client, "purchase_receipt", "PR-Q", [_receipt(2.12345)])
    assert posted.status_code == 201, posted.text
    assert [e["quantity"] for e in posted.json()["entries"]] == [2.12345]


async def test_a_serial_line_is_exactly_one(client: httpx.AsyncClient, graph: Graph) -> None:
    await seed(graph)
    half = await post(client, "purchase_receipt", "PR-Q", [{
        "item_no": "1900-S", "location_code": "MAIN", "quantity": 0.5,
        "tracking": [{"serial_no": "S-HALF", "lot_no": "LOT0001", "quantity": 0.5}],
    }])  # fmt: skip
    assert half.status_code == 409, half.text
    assert half.json()["code"] == "serial-quantity"


@pytest.mark.parametrize(
    ("word", "says"),
    [("NaN", "must be a finite number"), ("Infinity", "must be a finite number"),
     ("0.0000001", "more than 5 decimals")],
)  # fmt: skip
async def test_epcis_capture_refuses_quantities_no_ledger_can_keep(
    client: httpx.AsyncClient, graph: Graph, word: str, says: str
) -> None:
    await _setup(client, graph)
    body = json.dumps(_document(CHAIN_EVENTS[:1])).replace('"quantity": 10', f'"quantity": {word}')
    refused = await client.post("/v1/epcis/capture", content=body,
                                headers={**LD, "content-type": "application/json"})  # fmt: skip
    assert refused.status_code == 400, refused.text
    assert refused.json()["pointer"] == "/epcisBody/eventList/0/quantityList/0/quantity"
    assert says in refused.json()["detail"]
    assert await count_entries(graph) == 0
