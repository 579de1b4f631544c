MERGE (o:ProductionOrder {orderNo: $orderNo})
WITH o
UNWIND $orderLinks AS link
MATCH (e:ItemLedgerEntry {entryNo: link.entryNo})
FOREACH (_ IN CASE WHEN link.output THEN [1] ELSE [] END | CREATE (e)-[:OUTPUT_OF]->(o))
FOREACH (_ IN CASE WHEN link.output THEN [] ELSE [1] END | CREATE (o)-[:CONSUMED]->(e))
