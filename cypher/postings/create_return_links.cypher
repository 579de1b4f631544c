// A return's entry points at the outbound entry it reverses (Appl.-from Item Entry), with the
// quantity it brought back.
UNWIND $returns AS r
MATCH (returned:ItemLedgerEntry {entryNo: r.returned})
MATCH (shipped:ItemLedgerEntry {entryNo: r.shipped})
CREATE (returned)-[:APPLIED_FROM {quantity: r.quantity}]->(shipped)
