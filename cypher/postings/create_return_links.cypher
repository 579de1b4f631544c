// A return's entry points at the outbound entry it reverses (Appl.-from Item Entry), with the
// quantity it brought back.
UNWIND $returns AS r
MATCH (returned:ItemLedgerEntry {entryNo: r.returned})
MATCH (outbound:ItemLedgerEntry {entryNo: r.outbound})
CREATE (returned)-[:APPLIED_FROM {quantity: r.quantity}]->(outbound)
