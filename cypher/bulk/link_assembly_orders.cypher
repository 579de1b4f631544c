// Consumption and output entries to their assembly order, as postings/link_assembly_order.
UNWIND $rows AS row
MATCH (o:AssemblyOrder {orderNo: row.orderNo})
MATCH (e:ItemLedgerEntry {entryNo: row.entryNo})
FOREACH (_ IN CASE WHEN row.output THEN [1] ELSE [] END | CREATE (e)-[:OUTPUT_OF]->(o))
FOREACH (_ IN CASE WHEN row.output THEN [] ELSE [1] END | CREATE (o)-[:CONSUMED]->(e))
