// Origin -> usage, in one statement: every entry the stock of $entryNos reached, at any depth
// (each reached once, by a pruning breadth-first expand), with the steps out of each: the
// entries applied to it, transferred from it, or (for a consumption) its order's outputs.
// Numbers only: the service walks the levels and reads the entries it answers with.
//
// Neo4j Browser (demo data, `make run`): run this :param line, then this file.
// :param entryNos => [1, 2]
MATCH (start:ItemLedgerEntry)
WHERE start.entryNo IN $entryNos
MATCH (start)<-[:APPLIED_TO|TRANSFERRED_FROM|OUTPUT_OF|CONSUMED*0..]-(reached:ItemLedgerEntry)
WITH collect(DISTINCT reached) AS reached
UNWIND reached AS e
RETURN collect([
  e.entryNo,
  COLLECT { MATCH (e)<-[:APPLIED_TO]-(next) RETURN next.entryNo },
  COLLECT { MATCH (e)<-[:TRANSFERRED_FROM]-(next) RETURN next.entryNo },
  COLLECT { MATCH (e)<-[:CONSUMED]-()<-[:OUTPUT_OF]-(next) RETURN next.entryNo }
]) AS flow
