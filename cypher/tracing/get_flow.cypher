// A trace's reach in one statement: every entry the stock of $entryNos came from (or, with
// $forward, went to), at any depth, each reached once by a pruning breadth-first expand; the
// steps out of each, numbers only (the service walks the levels); the packages the reached
// numbers travelled in, at any depth, each with the entries of those numbers (a trace lists
// only the packages of the entries in its rows); and, when at most $entriesUpTo entries were reached,
// their fields as the rows show them, as get_trace_entries lists them (else the service reads
// just the rows it answers with; `entries_up_to` in service/graph/tracing.py).
// `startEntryNos` lists the entries of $entryNos found. The service runs it chained after
// find_trace_start (`chained` in service/graph/cypher.py): a short trace is one statement.
// Each reached entry's steps, in the direction traced only, from one expand of the entry's
// relationships (a step is its relationship's type and where it leads): backward, the entry it
// was applied to (APPLIED_TO), transferred from (TRANSFERRED_FROM) or, for a return, the
// outbound entry it reverses (APPLIED_FROM), or for an output (OUTPUT_OF) the components its
// order consumed, each marked tracked when it carries a serial or lot number; forward, an entry
// applied to it, transferred from it or returning it, or for a consumption (CONSUMED) its
// order's outputs.
//
// Neo4j Browser (demo data, `make run`): run these :param lines, then this file.
// :param entryNos => [7, 8]
// :param forward => false
// :param entriesUpTo => 1000
MATCH (start:ItemLedgerEntry)
WHERE start.entryNo IN $entryNos
CALL (start) {
  MATCH (start)-[:APPLIED_TO|TRANSFERRED_FROM|APPLIED_FROM|OUTPUT_OF|CONSUMED*0..]->(reached:ItemLedgerEntry)
  WHERE NOT $forward
  RETURN DISTINCT reached
UNION
  MATCH (start)<-[:APPLIED_TO|TRANSFERRED_FROM|APPLIED_FROM|OUTPUT_OF|CONSUMED*0..]-(reached:ItemLedgerEntry)
  WHERE $forward
  RETURN DISTINCT reached
}
WITH collect(DISTINCT start.entryNo) AS startEntryNos, collect(DISTINCT reached) AS reached
CALL (reached) {
  UNWIND reached AS e
  MATCH (e)-[:OF_LOT|OF_SERIAL]->(number)
  WITH number, collect(e.entryNo) AS entryNos
  CALL (number) {
    MATCH (number)-[:IN_PACKAGE]->(p:Package)
    RETURN p
  UNION
    MATCH (number)-[:IN_LOT]->(:Lot)-[:IN_PACKAGE]->(p:Package)
    RETURN p
  }
  MATCH (p)-[:IN_PACKAGE*0..]->(outer:Package)
  WITH entryNos, collect(DISTINCT outer.packageNo) AS packageNos
  RETURN collect([entryNos, packageNos]) AS packages
}
RETURN
  startEntryNos,
  [e IN reached | [e.entryNo, CASE WHEN $forward
    THEN [(e)<-[step:APPLIED_TO|TRANSFERRED_FROM|APPLIED_FROM|CONSUMED]-(next) | [type(step), CASE type(step)
      WHEN 'CONSUMED' THEN [(next)<-[:OUTPUT_OF]-(output) | output.entryNo]
      ELSE next.entryNo
    END]]
    ELSE [(e)-[step:APPLIED_TO|TRANSFERRED_FROM|APPLIED_FROM|OUTPUT_OF]->(next) | [type(step), CASE type(step)
      WHEN 'OUTPUT_OF' THEN [(next)-[:CONSUMED]->(component) |
        [component.entryNo, component.serialNo <> '' OR component.lotNo <> '']]
      ELSE next.entryNo
    END]]
  END]] AS flow,
  packages,
  CASE WHEN size(reached) <= $entriesUpTo THEN [p IN [e IN reached | properties(e)] | [
    p.entryNo, p.entryType, p.documentKind, p.documentNo, p.itemNo, p.variantCode, p.serialNo,
    p.lotNo, p.packageNo, p.locationCode, p.sourceType, p.sourceNo, p.quantity,
    p.remainingQuantity, toString(p.postingDate)
  ]] END AS entries
