UNWIND $links AS link
MATCH (arrived:ItemLedgerEntry {entryNo: link.arrived})
MATCH (left:ItemLedgerEntry {entryNo: link.left})
CREATE (arrived)-[:TRANSFERRED_FROM]->(left)
