UNWIND $applications AS a
MATCH (outbound:ItemLedgerEntry {entryNo: a.outbound})
MATCH (inbound:ItemLedgerEntry {entryNo: a.inbound})
CREATE (outbound)-[:APPLIED_TO {quantity: a.quantity}]->(inbound)
