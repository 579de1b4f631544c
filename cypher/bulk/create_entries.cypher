// Item ledger entries as postings/create_entries writes them (numbers created beforehand).
UNWIND $rows AS row
MATCH (d:Document {kind: row.documentKind, documentNo: row.documentNo})
MATCH (i:Item {no: row.itemNo})
MATCH (loc:Location {code: row.locationCode})
CREATE (e:ItemLedgerEntry)
SET e = row
CREATE (d)-[:HAS_ENTRY]->(e)
CREATE (e)-[:OF_ITEM]->(i)
CREATE (e)-[:AT_LOCATION]->(loc)
WITH e, row
CALL (e, row) {
  MATCH (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.serialNo})
  CREATE (e)-[:OF_SERIAL]->(s)
}
CALL (e, row) {
  MATCH (l:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: row.lotNo})
  CREATE (e)-[:OF_LOT]->(l)
}
CALL (e, row) {
  MATCH (p:Package {packageNo: row.packageNo})
  CREATE (e)-[:OF_PACKAGE]->(p)
}
