"""The demo data: the seed's example, posted for real.

Chair 1900-S (serial and lot specific), serial 1001 in lot LOT0001 (four chairs to the lot),
received from vendor V20000 and packed into CONTAINER010 together with lot LOT0100 of side tables
and lot LOT200 of lamps, then shipped whole to customer C10000. `seed` loads the setup (tracking
codes, number series, items, locations, customers, vendors, information cards); `load_demo` also
posts the receipt and the shipment, and only into an empty database: it never deletes anything.
"""

import datetime as dt

from service.domain.info_cards import (
    LOT,
    PACKAGE,
    SERIAL_NO,
    ByUser,
    CardKind,
    LotNoInfoCreate,
    PackageNoInfoCreate,
    SerialNoInfoCreate,
)
from service.domain.items import Item, ItemVariant
from service.domain.master_data import Bin, InventorySetup, Location, Partner
from service.domain.number_series import NumberSeriesCreate
from service.domain.postings import (
    Document,
    PackageMove,
    PostingLine,
    TrackingLine,
)
from service.domain.tracking_codes import ItemTrackingCode
from service.graph import (
    info_cards,
    inventory_setup,
    items,
    locations,
    number_series,
    partners,
    postings,
)
from service.graph import tracking_codes as codes
from service.graph.admin import count_data
from service.graph.schema import apply_schema
from service.graph.store import Graph, open_graph_for
from service.settings import Settings

TRACKING_CODES = [
    ItemTrackingCode(
        code="SNLOT",
        description="Serial and lot specific, warranty 2 years",
        sn_specific_tracking=True,
        lot_specific_tracking=True,
        create_sn_info_on_posting=True,
        create_lot_info_on_posting=True,
        warranty_date_formula="<2Y>",
    ),
    ItemTrackingCode(
        code="LOTEXP",
        description="Lot specific, strict expiration",
        lot_specific_tracking=True,
        strict_expiration_posting=True,
        create_lot_info_on_posting=True,
    ),
    ItemTrackingCode(code="LOTALL", description="Lot specific", lot_specific_tracking=True,
                     create_lot_info_on_posting=True),
]  # fmt: skip
SERIES = [
    NumberSeriesCreate(code="SN-CHAIR", description="Chair serials", starting_no="1001"),
    NumberSeriesCreate(code="LOT", description="Lots", starting_no="LOT0001"),
    NumberSeriesCreate(code="PACKAGE", description="Packages", starting_no="CONTAINER001"),
]
ITEMS = [
    Item(no="1900-S", description="PARIS Guest Chair, black", gtin="04012345000009",
         item_tracking_code="SNLOT", serial_nos="SN-CHAIR", lot_nos="LOT",
         variants=[ItemVariant(code="BLACK", description="Black leather")]),
    Item(no="1910-S", description="SOHO Side Table, oak", gtin="04012345000016",
         item_tracking_code="LOTALL", lot_nos="LOT"),
    Item(no="1928-S", description="AMSTERDAM Lamp", gtin="04012345000023",
         item_tracking_code="LOTEXP", lot_nos="LOT", expiration_calculation="<5Y>"),
]  # fmt: skip
LOCATIONS = [
    Location(code="MAIN", name="Main warehouse", gln="4012345000108",
             bins=[Bin(code="A-01"), Bin(code="A-02"), Bin(code="SHIP")]),
    Location(code="EAST", name="East distribution centre", gln="4012345000115"),
]  # fmt: skip
CUSTOMERS = [Partner(no="C10000", name="The Cannon Group PLC", country_region_code="GB")]
VENDORS = [Partner(no="V20000", name="Fabrikam Furniture", country_region_code="US")]
DEMO_USER = "demo"
CARDS: list[tuple[CardKind, ByUser]] = [
    (SERIAL_NO, SerialNoInfoCreate(item_no="1900-S", serial_no="1001", user=DEMO_USER,
                                   description="PARIS Guest Chair 1001")),
    (LOT, LotNoInfoCreate(item_no="1900-S", lot_no="LOT0001", user=DEMO_USER,
                          description="Four chairs", test_quality="Good")),
    (LOT, LotNoInfoCreate(item_no="1910-S", lot_no="LOT0100", user=DEMO_USER,
                          description="Side tables")),
    (LOT, LotNoInfoCreate(item_no="1928-S", lot_no="LOT200", user=DEMO_USER,
                          description="Lamps", certificate_number="CERT-2026-17")),
    (PACKAGE, PackageNoInfoCreate(package_no="CONTAINER010", user=DEMO_USER,
                                  description="Container to The Cannon Group",
                                  country_region_code="GB")),
]  # fmt: skip


CONTAINER = "CONTAINER010"
RECEIPT = Document(
    kind="purchase_receipt",
    document_no="PR-2026-0001",
    posting_date=dt.date(2026, 11, 2),
    vendor_no="V20000",
    lines=[
        PostingLine(item_no="1900-S", location_code="MAIN", quantity=4, tracking=[
            TrackingLine(serial_no=str(no), lot_no="LOT0001", package_no=CONTAINER)
            for no in range(1001, 1005)
        ]),
        PostingLine(item_no="1910-S", location_code="MAIN", quantity=6, tracking=[
            TrackingLine(lot_no="LOT0100", package_no=CONTAINER, quantity=6)
        ]),
        PostingLine(item_no="1928-S", location_code="MAIN", quantity=10, tracking=[
            TrackingLine(lot_no="LOT200", package_no=CONTAINER, quantity=10)
        ]),
    ],
)  # fmt: skip
# The receipt's package numbers pack what it receives into CONTAINER010 (the one package model:
# docs/packages.md); the name stays for the tests and tools that post it.
RECEIPT_INTO_CONTAINER = RECEIPT
SHIPMENT = Document(
    kind="sales_shipment",
    document_no="SS-2026-0001",
    posting_date=dt.date(2026, 11, 9),
    customer_no="C10000",
    packages=[PackageMove(package_no=CONTAINER, location_code="MAIN")],
)
POSTINGS = [RECEIPT_INTO_CONTAINER, SHIPMENT]


class DatabaseNotEmpty(RuntimeError):
    """The demo loads only into an empty database; this one holds `nodes` nodes of data."""

    def __init__(self, nodes: int) -> None:
        super().__init__(
            f"the database holds data ({nodes} nodes): the demo loads only into an empty one"
        )
        self.nodes = nodes


async def seed(graph: Graph) -> dict[str, int]:
    """Load the demo setup (into an empty database: it deletes nothing); returns what was
    loaded."""
    for series in SERIES:
        await number_series.create_number_series(graph, series=series)
    await inventory_setup.save_inventory_setup(graph, setup=InventorySetup(package_nos="PACKAGE"))
    for code in TRACKING_CODES:
        await codes.create_tracking_code(graph, request=code)
    for item in ITEMS:
        await items.create_item(graph, item=item)
    for location in LOCATIONS:
        await locations.create_location(graph, location=location)
    for customer in CUSTOMERS:
        await partners.create_partner(graph, kind="customer", partner=customer)
    for vendor in VENDORS:
        await partners.create_partner(graph, kind="vendor", partner=vendor)
    for kind, card in CARDS:
        await info_cards.create_card(graph, kind=kind, request=card)
    return {
        "number series": len(SERIES),
        "item tracking codes": len(TRACKING_CODES),
        "items": len(ITEMS),
        "locations": len(LOCATIONS),
        "customers": len(CUSTOMERS),
        "vendors": len(VENDORS),
        "information cards": len(CARDS),
    }


async def load_demo_into(graph: Graph) -> str:
    """Load the demo into `graph` if it holds no data (API keys aside), else raise
    `DatabaseNotEmpty` having changed nothing; returns a summary of what was loaded."""
    nodes = await count_data(graph)
    if nodes:
        raise DatabaseNotEmpty(nodes)
    loaded = await seed(graph)
    for document in POSTINGS:
        await postings.post_document(graph, document=document, idempotency_key=None)
    loaded["posted documents"] = len(POSTINGS)
    return ", ".join(f"{count} {what}" for what, count in loaded.items())


async def load_demo(settings: Settings) -> str:
    """`load_demo_into` the database `settings` name (schema applied first)."""
    graph = open_graph_for(settings)
    try:
        await apply_schema(graph)
        return await load_demo_into(graph)
    finally:
        await graph.close()
