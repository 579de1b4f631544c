// One level usage -> origin: where the stock of each entry came from.
//
// Neo4j Browser (demo data, `make run`): run these :param lines, then this file.
// :param entryNos => [7, 8]
// :param components => 'item-tracked-only'
UNWIND $entryNos AS parentNo
MATCH (e:ItemLedgerEntry {entryNo: parentNo})
CALL (e) {
  MATCH (e)-[:APPLIED_TO]->(next:ItemLedgerEntry)
  RETURN next, 'applied' AS via
UNION
  MATCH (e)-[:TRANSFERRED_FROM]->(next:ItemLedgerEntry)
  RETURN next, 'transferred' AS via
UNION
  MATCH (e)-[:OUTPUT_OF]->(order)<-[:CONSUMED_IN]-(next:ItemLedgerEntry)
  WHERE $components = 'all' OR ($components = 'item-tracked-only' AND (next.serialNo <> '' OR next.lotNo <> ''))
  RETURN next, 'component' AS via
}
RETURN parentNo, via, next {.*} AS entry
ORDER BY parentNo, next.entryNo
