"""Shared by the posting tests: post a document the way an integrator would."""

from typing import Any

import httpx

from service.graph.store import Graph


async def post(
    client: httpx.AsyncClient,
    kind: str,
    document_no: str,
    lines: list[dict[str, Any]],
    *,
    posting_date: str = "2026-11-02",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> httpx.Response:
    if kind in {"sales_shipment", "sales_return_receipt"}:
        extra.setdefault("customer_no", "C10000")
    if kind in {"purchase_receipt", "purchase_return_shipment"}:
        extra.setdefault("vendor_no", "V20000")
    body = {"kind": kind, "document_no": document_no, "posting_date": posting_date,
            "lines": lines, **extra}  # fmt: skip
    return await client.post("/v1/postings", json=body, headers=headers or {})


async def tracked_item(
    client: httpx.AsyncClient, no: str, code: dict[str, Any], **item: Any
) -> None:
    """An item with a tracking code of its own, `C-<no>`, with the code's fields `code`."""
    created = await client.post("/v1/item-tracking-codes", json={"code": f"C-{no}", **code})
    assert created.status_code == 201, created.text
    made = await client.post("/v1/items", json={"no": no, "item_tracking_code": f"C-{no}", **item})
    assert made.status_code == 201, made.text


def line(item_no: str, quantity: float = 1, **tracking: Any) -> dict[str, Any]:
    """A line at MAIN, with one tracking line of `tracking` when given."""
    return {"item_no": item_no, "location_code": "MAIN", "quantity": quantity,
            "tracking": [{"quantity": quantity, **tracking}] if tracking else []}  # fmt: skip


def chairs(*serials: str, lot: str = "LOT0001", location: str = "MAIN") -> dict[str, Any]:
    return {
        "item_no": "1900-S",
        "location_code": location,
        "quantity": len(serials),
        "tracking": [{"serial_no": s, "lot_no": lot} for s in serials],
    }


def lots(
    item_no: str, lot: str, quantity: float, location: str = "MAIN", **tracking: Any
) -> dict[str, Any]:
    return {
        "item_no": item_no,
        "location_code": location,
        "quantity": quantity,
        "tracking": [{"lot_no": lot, "quantity": quantity, **tracking}],
    }


async def count_entries(graph: Graph) -> int:
    result = await graph.driver.execute_query(
        "MATCH (e:ItemLedgerEntry) RETURN count(e) AS n", database_=graph.database
    )
    return int(result.records[0]["n"])


async def remaining(graph: Graph, entry_no: int) -> float:
    result = await graph.driver.execute_query(
        "MATCH (e:ItemLedgerEntry {entryNo: $n}) RETURN e.remainingQuantity AS r",
        n=entry_no,
        database_=graph.database,
    )
    return float(result.records[0]["r"])


def problem_code(response: httpx.Response) -> str:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return str(response.json()["code"])
