// Item ledger entries with the properties postings/create_entries sets (`SET e = row`), named
// one by one so the planner needs no Eager; tied to their document, item and location, and to
// their serial number and lot (created before, so matched, not merged). An entry without a
// serial number (or lot) must not look one up: the lookup is a locking seek, and one that finds
// nothing takes an exclusive lock on the empty key (item, variant, '') until commit, so two
// batches holding entries of such an item waited for each other (and deadlocked). The filter
// stands outside the subquery that matches, or the planner seeks first and filters after.
// The entries come in groups, those of one document, item and location together (see
// `entry_groups` in bench/ingest.py), so the three lookups run once per group, not per entry.
UNWIND $groups AS group
MATCH (d:Document {kind: group.documentKind, documentNo: group.documentNo})
MATCH (i:Item {no: group.itemNo})
MATCH (loc:Location {code: group.locationCode})
UNWIND group.entries AS row
CREATE (e:ItemLedgerEntry {
  entryNo: row.entryNo, entryType: row.entryType, documentKind: row.documentKind,
  documentNo: row.documentNo, documentLineNo: row.documentLineNo, postingDate: row.postingDate,
  itemNo: row.itemNo, variantCode: row.variantCode, locationCode: row.locationCode,
  binCode: row.binCode, quantity: row.quantity, remainingQuantity: row.remainingQuantity,
  open: row.open, positive: row.positive, serialNo: row.serialNo, lotNo: row.lotNo,
  packageNo: row.packageNo, expirationDate: row.expirationDate, warrantyDate: row.warrantyDate,
  sourceType: row.sourceType, sourceNo: row.sourceNo
})
CREATE (d)-[:HAS_ENTRY]->(e)
CREATE (e)-[:OF_ITEM]->(i)
CREATE (e)-[:AT_LOCATION]->(loc)
WITH e, row
CALL (e, row) {
  WITH e, row WHERE row.serialNo <> ''
  CALL (e, row) {
    MATCH (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.serialNo})
    CREATE (e)-[:OF_SERIAL]->(s)
  }
}
CALL (e, row) {
  WITH e, row WHERE row.lotNo <> ''
  CALL (e, row) {
    MATCH (l:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: row.lotNo})
    CREATE (e)-[:OF_LOT]->(l)
  }
}
