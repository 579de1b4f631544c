// Entries with a lot number to its node, as postings/create_entries links them.
UNWIND $rows AS row
MATCH (e:ItemLedgerEntry {entryNo: row.entryNo})
MATCH (l:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: row.no})
CREATE (e)-[:OF_LOT]->(l)
