// One ItemLedgerEntry per row, tied to its document, item, location and numbers.
MATCH (d:Document {kind: $kind, documentNo: $documentNo})
UNWIND $entries AS row
MATCH (i:Item {no: row.itemNo})
MATCH (loc:Location {code: row.locationCode})
CREATE (e:ItemLedgerEntry)
SET e = row
CREATE (d)-[:HAS_ENTRY]->(e)
CREATE (e)-[:OF_ITEM]->(i)
CREATE (e)-[:AT_LOCATION]->(loc)
FOREACH (no IN CASE WHEN row.serialNo = '' THEN [] ELSE [row.serialNo] END |
  MERGE (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: no})
  CREATE (e)-[:OF_SERIAL]->(s)
)
FOREACH (no IN CASE WHEN row.lotNo = '' THEN [] ELSE [row.lotNo] END |
  MERGE (l:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: no})
  CREATE (e)-[:OF_LOT]->(l)
)
FOREACH (no IN CASE WHEN row.packageNo = '' THEN [] ELSE [row.packageNo] END |
  MERGE (p:Package {packageNo: no})
  CREATE (e)-[:OF_PACKAGE]->(p)
)
FOREACH (_ IN CASE WHEN row.serialNo <> '' AND row.lotNo <> '' THEN [1] ELSE [] END |
  MERGE (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.serialNo})
  MERGE (l:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: row.lotNo})
  MERGE (s)-[:IN_LOT]->(l)
)
