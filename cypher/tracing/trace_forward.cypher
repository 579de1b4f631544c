// One level origin -> usage: where the stock of each entry went.
//
// Neo4j Browser (demo data, `make run`): run this :param line, then this file.
// :param entryNos => [1, 2]
UNWIND $entryNos AS parentNo
MATCH (e:ItemLedgerEntry {entryNo: parentNo})
CALL (e) {
  MATCH (next:ItemLedgerEntry)-[:APPLIED_TO]->(e)
  RETURN next, 'applied' AS via
UNION
  MATCH (next:ItemLedgerEntry)-[:TRANSFERRED_FROM]->(e)
  RETURN next, 'transferred' AS via
UNION
  MATCH (e)-[:CONSUMED_IN]->(order)<-[:OUTPUT_OF]-(next:ItemLedgerEntry)
  RETURN next, 'produced' AS via
}
RETURN parentNo, via, next {.*} AS entry
ORDER BY parentNo, next.entryNo
