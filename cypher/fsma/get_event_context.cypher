// What an FSMA 204 spreadsheet needs beyond the trace rows, per ledger entry: the product
// description and unit of measure, the location, the customer or vendor, the other end of a
// transfer, where the entry's lot (or serial) number was first assigned (its TLC source), and,
// for a consumption, how much its order made in all (its outputs' quantities added up).
// The TLC source is looked up once per lot (or serial number without a lot), from the number's
// own entries: a trace of thousands of entries of one lot reads that lot's entries once, not
// once per entry (nor every entry of the item).
UNWIND $entryNos AS entryNo
MATCH (e:ItemLedgerEntry {entryNo: entryNo})
CALL (e) {
  OPTIONAL MATCH (e)-[:OF_LOT]->(lot:Lot)
  OPTIONAL MATCH (e)-[:OF_SERIAL]->(serial:SerialNo)
  RETURN CASE WHEN e.lotNo <> '' THEN lot WHEN e.serialNo <> '' THEN serial END AS number
}
WITH number, collect(e) AS entries
CALL (number) {
  OPTIONAL MATCH (number)<-[:OF_LOT|OF_SERIAL]-(first:ItemLedgerEntry)
  WHERE first.positive AND first.entryType <> 'Transfer'
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
UNWIND entries AS e
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
  OPTIONAL MATCH (e)<-[:CONSUMED]-(order)<-[:OUTPUT_OF]-(output:ItemLedgerEntry)
  RETURN sum(output.quantity) AS orderOutputQuantity
}
RETURN e.entryNo AS entryNo, orderOutputQuantity, e.locationCode AS locationCode,
  item.description AS description,
  item.baseUnitOfMeasure AS unitOfMeasure, here.name AS locationName, here.gln AS locationGln,
  partner.no AS partnerNo, partner.name AS partnerName, partner.gln AS partnerGln,
  otherCode, otherName, otherGln, sourceEntryType, sourceVendorNo, sourceVendorName,
  sourceVendorGln, sourceLocationCode, sourceLocationName, sourceLocationGln
