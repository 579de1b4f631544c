// Links a production posting's entries to its order, by Prod. Order Line No. as Business
// Central's Item Tracing does: an output of line n is OUTPUT_OF that line's node, and the
// line's node CONSUMED the consumption of line n and every consumption that names no line; an
// output that names no line is OUTPUT_OF the order itself, which CONSUMED every consumption of
// the order. So a trace (one expand of OUTPUT_OF and CONSUMED) links each consumption to the
// outputs of its own line, and lines that name none to the whole order. A line node made now
// takes the order's earlier consumption that names no line.
MERGE (o:ProductionOrder {orderNo: $orderNo})
WITH o
CALL (o) {
  UNWIND [l IN $orderLinks WHERE l.lineNo IS NOT NULL | l.lineNo] AS lineNo
  WITH DISTINCT lineNo
  MERGE (line:ProductionOrderLine {orderNo: o.orderNo, lineNo: lineNo})
  MERGE (line)-[:LINE_OF]->(o)
  WITH line
  MATCH (o)-[:CONSUMED]->(earlier:ItemLedgerEntry)
  WHERE earlier.orderLineNo IS NULL
  MERGE (line)-[:CONSUMED]->(earlier)
}
CALL (o) {
  UNWIND $orderLinks AS link
  MATCH (e:ItemLedgerEntry {entryNo: link.entryNo})
  OPTIONAL MATCH (line:ProductionOrderLine {orderNo: o.orderNo, lineNo: link.lineNo})
  FOREACH (_ IN CASE WHEN link.output AND line IS NULL THEN [1] ELSE [] END |
    CREATE (e)-[:OUTPUT_OF]->(o))
  FOREACH (_ IN CASE WHEN link.output AND line IS NOT NULL THEN [1] ELSE [] END |
    CREATE (e)-[:OUTPUT_OF]->(line))
  FOREACH (_ IN CASE WHEN link.output THEN [] ELSE [1] END |
    CREATE (o)-[:CONSUMED]->(e))
  FOREACH (_ IN CASE WHEN NOT link.output AND line IS NOT NULL THEN [1] ELSE [] END |
    CREATE (line)-[:CONSUMED]->(e))
}
CALL (o) {
  UNWIND [l IN $orderLinks WHERE NOT l.output AND l.lineNo IS NULL] AS link
  MATCH (e:ItemLedgerEntry {entryNo: link.entryNo})
  MATCH (line:ProductionOrderLine)-[:LINE_OF]->(o)
  MERGE (line)-[:CONSUMED]->(e)
}
