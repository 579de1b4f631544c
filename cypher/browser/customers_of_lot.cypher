// The customers a lot reached, with each shipment: the sales shipments of the lot and of
// everything produced or assembled from it, downstream through any depth (and, after a return
// that names the sale it reverses, where that stock was shipped next).
// :param lotNo => 'LOT200'
MATCH (start:ItemLedgerEntry)
WHERE start.lotNo = $lotNo
  AND start.positive
  AND NOT start.entryType IN ['Consumption', 'Assembly Consumption']
MATCH (start)<-[:APPLIED_TO|TRANSFERRED_FROM|APPLIED_FROM|CONSUMED|OUTPUT_OF]-*(sale)
WHERE sale:ItemLedgerEntry AND sale.entryType = 'Sale' AND sale.quantity < 0
MATCH (document:Document)-[:HAS_ENTRY]->(sale)
MATCH (document)-[:FOR_CUSTOMER]->(customer:Customer)
RETURN DISTINCT customer.no AS customer, customer.name AS name, document.documentNo AS shipment,
       sale.postingDate AS postingDate, sale.itemNo AS item, sale.serialNo AS serialNo,
       sale.lotNo AS lotNo, -sale.quantity AS quantity
ORDER BY customer, postingDate, shipment
