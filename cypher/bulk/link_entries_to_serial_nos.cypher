// Entries with a serial number to its node, as postings/create_entries links them.
UNWIND $rows AS row
MATCH (e:ItemLedgerEntry {entryNo: row.entryNo})
MATCH (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.no})
CREATE (e)-[:OF_SERIAL]->(s)
