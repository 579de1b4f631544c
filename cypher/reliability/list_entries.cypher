// Every ledger entry of the numbers a load fought over, with the document that made it.
MATCH (d:Document)-[:HAS_ENTRY]->(e:ItemLedgerEntry)
WHERE d.documentNo STARTS WITH $prefix
RETURN e.entryNo AS entryNo, e.itemNo AS itemNo, e.serialNo AS serialNo, e.lotNo AS lotNo,
  e.quantity AS quantity, e.remainingQuantity AS remainingQuantity
