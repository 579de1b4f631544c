"""Wrong answers an outside oracle (Business Central's Item Tracing rules) found, each as the
quality manager who met it would ask again: every test here failed on 5a07fa6."""

import io
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from service.demo import POSTINGS, seed
from service.graph.store import Graph
from tests.api.posting_helpers import lots, post


def _serial(item: str, serial: str, location: str = "MAIN", **line: Any) -> dict[str, Any]:
    return {"item_no": item, "location_code": location, "quantity": 1,
            "tracking": [{"serial_no": serial}], **line}  # fmt: skip


def _recall(**number: str) -> dict[str, Any]:
    return {"recall_no": "RC-1", "reason": "Supplier notice", "user": "qa",
            "numbers": [number], "block": False}  # fmt: skip


async def _posted(client: httpx.AsyncClient, *documents: tuple[Any, ...]) -> None:
    for kind, no, lines, extra in documents:
        answer = await post(client, kind, no, lines, **extra)
        assert answer.status_code == 201, answer.text


@pytest.fixture
async def returned_and_reshipped(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    """Raw lot LOT0 at MAIN -> order O0 makes lot MID1 -> MID1 moves to EAST -> order O1 there
    makes serial S1 -> S1 shipped to C10000, sent back, shipped again to C20000."""
    await seed(graph)
    await client.post("/v1/customers", json={"no": "C20000", "name": "Second customer"})
    await client.post("/v1/item-tracking-codes", json={"code": "SN", "sn_specific_tracking": True})
    for no, code in (("RAW", "LOTALL"), ("MID", "LOTALL"), ("FG", "SN")):
        await client.post("/v1/items", json={"no": no, "item_tracking_code": code})
    await _posted(
        client,
        ("purchase_receipt", "PR1", [lots("RAW", "LOT0", 5)], {}),
        ("production", "O0", [{**lots("RAW", "LOT0", 2), "type": "consumption"},
                              {**lots("MID", "MID1", 4), "type": "output"}], {"order_no": "O0"}),
        ("transfer", "T1", [{**lots("MID", "MID1", 4), "new_location_code": "EAST"}], {}),
        ("production", "O1", [{**lots("MID", "MID1", 1, location="EAST"), "type": "consumption"},
                              {**_serial("FG", "S1", "EAST"), "type": "output"}],
         {"order_no": "O1"}),
        ("sales_shipment", "SS1", [_serial("FG", "S1", "EAST")], {"customer_no": "C10000"}),
        ("sales_return_receipt", "SR1", [_serial("FG", "S1", "EAST")], {"customer_no": "C10000"}),
        ("sales_shipment", "SS2", [_serial("FG", "S1", "EAST")], {"customer_no": "C20000"}),
    )  # fmt: skip
    return client


@pytest.mark.parametrize(
    "number",
    [
        {"item_no": "MID", "lot_no": "MID1"},
        {"lot_no": "LOT0"},
        {"item_no": "FG", "serial_no": "S1"},
    ],
)
async def test_a_recall_follows_a_returned_unit_to_its_next_customer(
    returned_and_reshipped: httpx.AsyncClient, number: dict[str, str]
) -> None:
    answer = await returned_and_reshipped.post("/v1/recalls", json=_recall(**number))
    assert answer.status_code == 200, answer.text
    shipments = {
        (c["customer_no"], s["document_no"])
        for c in answer.json()["customers"]
        for s in c["shipments"]
    }
    assert shipments == {("C10000", "SS1"), ("C20000", "SS2")}


async def test_a_recall_marks_what_customers_sent_back(
    returned_and_reshipped: httpx.AsyncClient,
) -> None:
    answer = await returned_and_reshipped.post("/v1/recalls", json=_recall(lot_no="LOT0"))
    recall = answer.json()
    by_customer = {c["customer_no"]: c for c in recall["customers"]}
    first, second = by_customer["C10000"], by_customer["C20000"]
    assert (first["quantity"], first["returned_quantity"], first["outstanding_quantity"]) == (
        1.0, 1.0, 0.0)  # fmt: skip
    assert first["shipments"][0]["returned_quantity"] == 1.0
    assert (second["quantity"], second["outstanding_quantity"]) == (1.0, 1.0)
    assert recall["totals"]["outstanding_quantity"] == 1.0


async def test_returned_lot_stock_is_named_with_the_customer_who_sent_it_back(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    await _posted(
        client,
        ("purchase_receipt", "PR1", [lots("1910-S", "L1", 8)], {}),
        ("sales_shipment", "SS1", [lots("1910-S", "L1", 5)], {}),
        ("sales_return_receipt", "SR1", [{**lots("1910-S", "L1", 2), "bin_code": "A-02"}], {}),
    )
    recall = (await client.post("/v1/recalls", json=_recall(lot_no="L1"))).json()
    [customer] = recall["customers"]
    assert (customer["quantity"], customer["returned_quantity"]) == (5.0, 2.0)
    assert customer["outstanding_quantity"] == 3.0
    stock = {(s["bin_code"], s["returned_by"]): s["quantity"] for s in recall["on_hand"]}
    assert stock == {("", ""): 3.0, ("A-02", "C10000"): 2.0}


@pytest.fixture
async def demo(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    """The demo's receipt into CONTAINER010 (chairs 1001-1004 of lot LOT0001, LOT0100, LOT200)."""
    await seed(graph)
    for document in POSTINGS[:1]:
        answer = await client.post("/v1/postings", json=document.model_dump(mode="json"))
        assert answer.status_code == 201, answer.text
    return client


def _not_found(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code == 404, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = answer.json()
    assert problem["code"] == "number-not-found"
    return problem


@pytest.mark.parametrize(
    ("asked", "meant", "why"),
    [
        ({"lot_no": "LOT00O1"}, ("lot", "LOT0001", "1900-S"), "1 character(s) different"),
        ({"lot_no": "lot0001"}, ("lot", "LOT0001", "1900-S"), "case-sensitive"),
        ({"serial_no": "LOT0001"}, ("lot", "LOT0001", "1900-S"), "LOT0001 is a lot of item 1900-S"),
        ({"serial_no": "1001", "item_no": "1910-S"}, ("serial", "1001", "1900-S"), "not of item"),
    ],
)
async def test_a_trace_of_an_unknown_number_is_not_found_and_says_what_was_meant(
    demo: httpx.AsyncClient, asked: dict[str, str], meant: tuple[str, str, str], why: str
) -> None:
    for method in ("origin-to-usage", "usage-to-origin"):
        problem = _not_found(await demo.get("/v1/trace", params={**asked, "method": method}))
        first = problem["suggestions"][0]
        assert (first["kind"], first["no"], first["item_no"]) == meant
        assert why in first["why"]
        assert why in problem["detail"]


async def test_a_recall_of_unknown_numbers_names_each_of_them(demo: httpx.AsyncClient) -> None:
    body = {**_recall(lot_no="LOT0001"), "numbers": [
        {"lot_no": "LOT0001"}, {"lot_no": "LOT00O1"}, {"serial_no": "NOPE"}]}  # fmt: skip
    problem = _not_found(await demo.post("/v1/recalls", json=body))
    assert [m["number"] for m in problem["missing"]] == ["LOT00O1", "NOPE"]
    assert problem["missing"][0]["suggestions"][0]["no"] == "LOT0001"
    assert problem["missing"][1]["suggestions"] == []


async def test_a_known_number_without_entries_in_the_dates_asked_is_an_empty_trace(
    demo: httpx.AsyncClient,
) -> None:
    params = {"lot_no": "LOT0001", "to_date": "2020-01-01"}
    answer = await demo.get("/v1/trace", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.json()["rows"] == []


def _started_from(trace: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(r["item_no"], r["serial_no"], r["lot_no"]) for r in trace["rows"] if r["level"] == 1}


@pytest.mark.parametrize(
    ("asked", "numbers"),
    [
        ({"lot_no": "LOT0*"}, {"LOT0001", "LOT0100"}),
        ({"lot_no": "LOT0001|LOT200"}, {"LOT0001", "LOT200"}),
        ({"lot_no": "LOT0?0?"}, {"LOT0001", "LOT0100"}),
        ({"lot_no": "LOT0002..LOT9"}, {"LOT0100", "LOT200"}),
        ({"lot_no": "..LOT0001"}, {"LOT0001"}),
        ({"lot_no": "'LOT200'"}, {"LOT200"}),
        ({"serial_no": "1002..1003"}, {"LOT0001"}),
        ({"item_no": "1910*|1928-S"}, {"LOT0100", "LOT200"}),
    ],
)
async def test_a_trace_takes_business_central_filter_expressions(
    demo: httpx.AsyncClient, asked: dict[str, str], numbers: set[str]
) -> None:
    answer = await demo.get("/v1/trace", params={**asked, "method": "origin-to-usage"})
    assert answer.status_code == 200, answer.text
    assert {lot for _, _, lot in _started_from(answer.json())} == numbers


async def test_a_serial_range_traces_just_the_serials_in_it(demo: httpx.AsyncClient) -> None:
    params = {"serial_no": "1002..1003", "method": "usage-to-origin"}
    trace = (await demo.get("/v1/trace", params=params)).json()
    assert {serial for _, serial, _ in _started_from(trace)} == {"1002", "1003"}


@pytest.mark.parametrize("expression", ["LOT<5", "<>LOT0001", "LOT0001&LOT200", "@lot*", "A||B"])
async def test_a_filter_the_service_does_not_support_is_refused_not_read_as_no_rows(
    demo: httpx.AsyncClient, expression: str
) -> None:
    answer = await demo.get("/v1/trace", params={"lot_no": expression})
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["code"] == "unsupported-filter"
    assert problem["errors"][0]["field"] == "lot_no"


async def test_a_filter_that_matches_no_number_is_not_found(demo: httpx.AsyncClient) -> None:
    problem = _not_found(await demo.get("/v1/trace", params={"lot_no": "XYZ*"}))
    assert "XYZ*" in problem["detail"]


async def _transformation(answer: httpx.Response) -> list[list[Any]]:
    assert answer.status_code == 200, answer.text
    book = load_workbook(io.BytesIO(answer.content))
    return [list(r) for r in book["Transformation"].iter_rows(min_row=2, values_only=True)]


async def test_the_fsma_transformation_tab_counts_each_quantity_once(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    """10 kg of flour and 2 kg of salt made into 4 serial-numbered loaves: the input column sums
    to what was consumed, the output column to what was made."""
    await seed(graph)
    await client.post("/v1/item-tracking-codes", json={"code": "SN", "sn_specific_tracking": True})
    for no, code in (("FLOUR", "LOTALL"), ("SALT", "LOTALL"), ("LOAF", "SN")):
        await client.post("/v1/items", json={"no": no, "item_tracking_code": code})
    loaves = [_serial("LOAF", f"B{n}", type="output") for n in range(1, 5)]
    await _posted(
        client,
        ("purchase_receipt", "PR1", [lots("FLOUR", "F1", 10), lots("SALT", "S1", 5)], {}),
        ("production", "O1", [{**lots("FLOUR", "F1", 10), "type": "consumption"},
                              {**lots("SALT", "S1", 2), "type": "consumption"}, *loaves],
         {"order_no": "O1"}),
    )  # fmt: skip
    params = {"lot_no": "F1", "method": "origin-to-usage", "format": "xlsx",
              "show_components": "no"}  # fmt: skip
    rows = await _transformation(await client.get("/v1/trace", params=params))
    assert [(r[0], r[2], r[4]) for r in rows] == [("F1", 2.5, f"B{n}") for n in range(1, 5)]
    assert sum(r[6] for r in rows) == 4

    params = {"serial_no": "B3", "method": "usage-to-origin", "format": "xlsx"}
    rows = await _transformation(await client.get("/v1/trace", params=params))
    assert sorted((r[0], r[2], r[4], r[6]) for r in rows) == [
        ("F1", 2.5, "B3", 1), ("S1", 0.5, "B3", None)]  # fmt: skip


async def test_origin_to_usage_shows_the_orders_other_components_as_show_components_says(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    """Business Central's FindComponents, forward from a consumption: the order's other
    consumption (tracked ones, or all), then its output; `no` shows the output alone."""
    await seed(graph)
    await client.post("/v1/items", json={"no": "SCREW"})  # untracked
    await _posted(
        client,
        ("purchase_receipt", "PR1", [lots("1910-S", "L-A", 2), lots("1928-S", "L-B", 2)], {}),
        ("positive_adjustment", "ADJ1", [
            {"item_no": "SCREW", "location_code": "MAIN", "quantity": 10}], {}),
        ("production", "O1", [
            {**lots("1910-S", "L-A", 1), "type": "consumption"},
            {**lots("1928-S", "L-B", 1), "type": "consumption"},
            {"item_no": "SCREW", "location_code": "MAIN", "quantity": 4, "type": "consumption"},
            {**lots("1910-S", "L-OUT", 1), "type": "output"}], {"order_no": "O1"}),
    )  # fmt: skip

    async def rows(mode: str) -> set[tuple[int, str, str, str]]:
        params = {"lot_no": "L-A", "method": "origin-to-usage", "show_components": mode}
        answer = await client.get("/v1/trace", params=params)
        assert answer.status_code == 200, answer.text
        return {
            (r["level"], r["entry_type"], r["item_no"], r["via"]) for r in answer.json()["rows"]
        }

    start = {(1, "Purchase", "1910-S", "start"), (2, "Consumption", "1910-S", "applied")}
    output = (3, "Output", "1910-S", "produced")
    assert await rows("no") == start | {output}
    assert await rows("item-tracked-only") == start | {
        output,
        (3, "Consumption", "1928-S", "component"),
    }
    assert await rows("all") == start | {output, (3, "Consumption", "1928-S", "component"),
                                         (3, "Consumption", "SCREW", "component")}  # fmt: skip


async def test_usage_to_origin_with_all_stops_at_an_untracked_component(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    await client.post("/v1/items", json={"no": "SCREW"})
    await _posted(
        client,
        ("positive_adjustment", "ADJ1", [
            {"item_no": "SCREW", "location_code": "MAIN", "quantity": 10}], {}),
        ("production", "O1", [
            {"item_no": "SCREW", "location_code": "MAIN", "quantity": 4, "type": "consumption"},
            {**lots("1910-S", "L-OUT", 1), "type": "output"}], {"order_no": "O1"}),
    )  # fmt: skip
    params = {"lot_no": "L-OUT", "show_components": "all"}
    rows = (await client.get("/v1/trace", params=params)).json()["rows"]
    assert [(r["entry_type"], r["document_no"]) for r in rows] == [
        ("Output", "O1"), ("Consumption", "O1")]  # fmt: skip


async def test_a_lot_renamed_by_reclassification_traced_back_shows_its_new_name(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    """Business Central starts a negative reclassification from its positive side: tracing the
    old lot back shows the entry that gave the stock its new lot number."""
    await seed(graph)
    rename = {**lots("1910-S", "OLD", 4)}
    rename["tracking"][0]["new_lot_no"] = "NEW"
    await _posted(
        client,
        ("purchase_receipt", "PR1", [lots("1910-S", "OLD", 4)], {}),
        ("reclassification", "RC1", [rename], {}),
    )
    rows = (await client.get("/v1/trace", params={"lot_no": "OLD"})).json()["rows"]
    assert {(r["entry_type"], r["lot_no"], r["quantity"]) for r in rows} == {
        ("Purchase", "OLD", 4.0), ("Transfer", "OLD", -4.0), ("Transfer", "NEW", 4.0)}  # fmt: skip
    first = {(r["entry_type"], r["lot_no"]) for r in rows if r["level"] == 1}
    assert first == {("Purchase", "OLD"), ("Transfer", "NEW")}


@pytest.fixture
async def two_line_order(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    """Production order O1: line 1 makes lot X from lot A, line 2 makes lot Y from lot B; lot C
    is consumed without an order line (the whole order's); X goes to C10000, Y to C20000."""
    await seed(graph)
    await client.post("/v1/customers", json={"no": "C20000", "name": "Second customer"})
    for no in ("RAW", "FIN"):
        await client.post("/v1/items", json={"no": no, "item_tracking_code": "LOTALL"})

    def on(line: dict[str, Any], kind: str, order_line: int | None) -> dict[str, Any]:
        return {**line, "type": kind, **({"order_line_no": order_line} if order_line else {})}

    await _posted(
        client,
        ("purchase_receipt", "PR1", [lots("RAW", n, 5) for n in ("A", "B", "C")], {}),
        ("production", "O1-1", [on(lots("RAW", "A", 2), "consumption", 1),
                                on(lots("RAW", "C", 1), "consumption", None),
                                on(lots("FIN", "X", 2), "output", 1)], {"order_no": "O1"}),
        ("production", "O1-2", [on(lots("RAW", "B", 2), "consumption", 2),
                                on(lots("FIN", "Y", 2), "output", 2)], {"order_no": "O1"}),
        ("sales_shipment", "SS1", [lots("FIN", "X", 2)], {"customer_no": "C10000"}),
        ("sales_shipment", "SS2", [lots("FIN", "Y", 2)], {"customer_no": "C20000"}),
    )  # fmt: skip
    return client


@pytest.mark.parametrize(
    ("traced", "method", "reached"),
    [
        ("X", "usage-to-origin", {"A", "C", "X"}),
        ("Y", "usage-to-origin", {"B", "C", "Y"}),
        ("A", "origin-to-usage", {"A", "X"}),
        ("B", "origin-to-usage", {"B", "Y"}),
        ("C", "origin-to-usage", {"C", "X", "Y"}),
    ],
)
async def test_genealogy_follows_the_production_order_line(
    two_line_order: httpx.AsyncClient, traced: str, method: str, reached: set[str]
) -> None:
    # (backward: the components, which `no` leaves out; forward: no sibling components)
    components = "item-tracked-only" if method == "usage-to-origin" else "no"
    params = {"lot_no": traced, "method": method, "show_components": components}
    answer = await two_line_order.get("/v1/trace", params=params)
    assert {r["lot_no"] for r in answer.json()["rows"]} == reached


@pytest.mark.parametrize(("lot", "customers"), [("A", {"C10000"}), ("B", {"C20000"}),
                                                ("C", {"C10000", "C20000"})])  # fmt: skip
async def test_a_recall_reaches_the_customers_of_its_own_order_line(
    two_line_order: httpx.AsyncClient, lot: str, customers: set[str]
) -> None:
    recall = (await two_line_order.post("/v1/recalls", json=_recall(lot_no=lot))).json()
    assert {c["customer_no"] for c in recall["customers"]} == customers


async def test_an_order_line_number_is_refused_outside_production(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    answer = await post(client, "purchase_receipt", "PR1",
                        [{**lots("1910-S", "L1", 1), "order_line_no": 1}])  # fmt: skip
    assert answer.status_code == 422
    assert "order_line_no is only for production" in answer.text


async def test_a_number_that_looks_like_a_filter_is_taken_as_itself(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    receipt = [lots("1910-S", "A*B(1)", 2), lots("1910-S", "AXB(1)", 1)]
    await _posted(client, ("purchase_receipt", "PR1", receipt, {}))
    rows = (await client.get("/v1/trace", params={"lot_no": "A*B(1)"})).json()["rows"]
    assert [r["lot_no"] for r in rows] == ["A*B(1)"]


async def test_trace_rows_show_what_business_centrals_item_tracing_shows(
    demo: httpx.AsyncClient,
) -> None:
    """Item description, source name (vendor or customer), and when the document was posted."""
    rows = (await demo.get("/v1/trace", params={"serial_no": "1001"})).json()["rows"]
    [receipt] = rows
    assert receipt["item_description"] == "PARIS Guest Chair, black"
    assert (receipt["source_no"], receipt["source_name"]) == ("V20000", "Fabrikam Furniture")
    assert receipt["created_on"] is not None
    csv = (await demo.get("/v1/trace", params={"serial_no": "1001", "format": "csv"})).text
    assert "Item Description,Source Name,Created by,Created on" in csv.splitlines()[0]
    assert "Fabrikam Furniture" in csv


async def test_where_is_marks_the_shipment_a_customer_sent_back(
    returned_and_reshipped: httpx.AsyncClient,
) -> None:
    params = {"serial_no": "S1", "item_no": "FG"}
    found = (await returned_and_reshipped.get("/v1/where-is", params=params)).json()
    shipped = [(s["document_no"], s["customer_no"], s["returned_quantity"])
               for s in found["shipped_to"]]  # fmt: skip
    assert shipped == [("SS1", "C10000", 1.0), ("SS2", "C20000", 0.0)]


async def test_a_recall_lists_how_to_reach_each_customer(
    returned_and_reshipped: httpx.AsyncClient,
) -> None:
    contact = {"contact": "Mina Patel", "phone_no": "+44 20 7946 0000",
               "email": "quality@cannon.example", "address": "192 Market Square",
               "post_code": "B27 4KT", "city": "Birmingham"}  # fmt: skip
    answer = await returned_and_reshipped.patch("/v1/customers/C10000", json=contact)
    assert answer.status_code == 200, answer.text
    recall = (await returned_and_reshipped.post("/v1/recalls", json=_recall(lot_no="LOT0"))).json()
    reach = {c["customer_no"]: c["contact"] for c in recall["customers"]}
    assert reach["C10000"] == {
        "name": "The Cannon Group PLC", "contact": "Mina Patel", "phone_no": "+44 20 7946 0000",
        "email": "quality@cannon.example", "address": "192 Market Square, B27 4KT Birmingham, GB",
    }  # fmt: skip
    assert reach["C20000"]["name"] == "Second customer"
    params = {"format": "csv"}
    csv = (await returned_and_reshipped.post("/v1/recalls", params=params,
                                             json=_recall(lot_no="LOT0"))).text  # fmt: skip
    assert "quality@cannon.example" in csv
    bad = await returned_and_reshipped.patch("/v1/customers/C10000", json={"email": "no at sign"})
    assert bad.status_code == 422
