// What an FSMA 204 spreadsheet needs beyond the trace rows, per ledger entry: the product
// description and unit of measure, the location, the customer or vendor, the other end of a
// transfer, and where the entry's lot (or serial) number was first assigned (its TLC source).
UNWIND $entryNos AS entryNo
MATCH (e:ItemLedgerEntry {entryNo: entryNo})
OPTIONAL MATCH (e)-[:OF_ITEM]->(item:Item)
OPTIONAL MATCH (here:Location {code: e.locationCode})
OPTIONAL MATCH (doc:Document)-[:HAS_ENTRY]->(e)
OPTIONAL MATCH (doc)-[:FOR_CUSTOMER|FROM_VENDOR]->(partner)
CALL (e) {
  OPTIONAL MATCH (e)-[:TRANSFERRED_FROM]-(other:ItemLedgerEntry)
  OPTIONAL MATCH (there:Location {code: other.locationCode})
  RETURN other.locationCode AS otherCode, there.name AS otherName, there.gln AS otherGln
  LIMIT 1
}
CALL (e) {
  OPTIONAL MATCH (first:ItemLedgerEntry)
  WHERE first.itemNo = e.itemNo AND first.positive AND first.entryType <> 'Transfer'
    AND ((e.lotNo <> '' AND first.lotNo = e.lotNo)
      OR (e.lotNo = '' AND e.serialNo <> '' AND first.serialNo = e.serialNo))
  WITH first
  ORDER BY first.entryNo
  LIMIT 1
  OPTIONAL MATCH (firstDoc:Document)-[:HAS_ENTRY]->(first)
  OPTIONAL MATCH (firstDoc)-[:FROM_VENDOR]->(vendor:Vendor)
  OPTIONAL MATCH (assignedAt:Location {code: first.locationCode})
  RETURN first.entryType AS sourceEntryType, vendor.no AS sourceVendorNo,
    vendor.name AS sourceVendorName, vendor.gln AS sourceVendorGln,
    first.locationCode AS sourceLocationCode, assignedAt.name AS sourceLocationName,
    assignedAt.gln AS sourceLocationGln
}
RETURN e.entryNo AS entryNo, e.locationCode AS locationCode, item.description AS description,
  item.baseUnitOfMeasure AS unitOfMeasure, here.name AS locationName, here.gln AS locationGln,
  partner.no AS partnerNo, partner.name AS partnerName, partner.gln AS partnerGln,
  otherCode, otherName, otherGln, sourceEntryType, sourceVendorNo, sourceVendorName,
  sourceVendorGln, sourceLocationCode, sourceLocationName, sourceLocationGln
