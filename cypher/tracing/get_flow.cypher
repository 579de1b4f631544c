// A trace's reach in one statement: every entry the stock of $entryNos came from (or, with
// $forward, went to), at any depth, each reached once by a pruning breadth-first expand; the
// steps out of each, numbers only (the service walks the levels); the packages the reached
// numbers travelled in, at any depth, each with the entries of those numbers (a trace lists
// only the packages of the entries in its rows); and, when at most $entriesUpTo entries were
// reached, their fields as the rows show them, as get_trace_entries lists them, with their
// documents' and items' (each once: who posted the document and when, its customer's or
// vendor's name, the item's description); else the service reads just the rows it answers with
// (`entries_up_to` in service/graph/tracing.py).
// `startEntryNos` lists the entries of $entryNos found. The service runs it chained after
// find_trace_start (`chained` in service/graph/cypher.py): a short trace is one statement.
// Each reached entry's steps, in the direction traced only, from one expand of the entry's
// relationships (a step is its relationship's type and where it leads): backward, the entry it
// was applied to (APPLIED_TO), transferred from (TRANSFERRED_FROM) or, for a return, the
// outbound entry it reverses (APPLIED_FROM), or for an output (OUTPUT_OF) the components its
// order (line) consumed; forward, an entry applied to it, transferred from it or returning it,
// or for a consumption (CONSUMED) its order (line)'s outputs and its other consumption (the
// siblings Business Central's FindComponents adds: of its own order line when it names one).
// Outputs, components and siblings are each marked tracked when they carry a serial, lot or
// package number. An entry that carries none has no steps: as Business Central's ExitLevel,
// the trace shows it and goes no further from it.
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
  [e IN reached WHERE e.serialNo <> '' OR e.lotNo <> '' OR e.packageNo <> '' | [e.entryNo,
    CASE WHEN $forward
    THEN [(e)<-[step:APPLIED_TO|TRANSFERRED_FROM|APPLIED_FROM|CONSUMED]-(next) | [type(step), CASE type(step)
      WHEN 'CONSUMED' THEN [
        [(next)<-[:OUTPUT_OF]-(output) |
          [output.entryNo, output.serialNo <> '' OR output.lotNo <> '' OR output.packageNo <> '']],
        CASE WHEN next:ProductionOrderLine OR e.orderLineNo IS NULL OR NOT next:ProductionOrder
          THEN [(next)-[:CONSUMED]->(sibling) WHERE sibling <> e |
            [sibling.entryNo, sibling.serialNo <> '' OR sibling.lotNo <> '' OR sibling.packageNo <> '']]
          ELSE [] END]
      ELSE next.entryNo
    END]]
    ELSE [(e)-[step:APPLIED_TO|TRANSFERRED_FROM|APPLIED_FROM|OUTPUT_OF]->(next) | [type(step), CASE type(step)
      WHEN 'OUTPUT_OF' THEN [(next)-[:CONSUMED]->(component) |
        [component.entryNo, component.serialNo <> '' OR component.lotNo <> '' OR component.packageNo <> '']]
      ELSE next.entryNo
    END]]
  END]] AS flow,
  packages,
  CASE WHEN size(reached) <= $entriesUpTo THEN COLLECT {
    UNWIND reached AS e
    WITH DISTINCT e.documentKind AS kind, e.documentNo AS no
    MATCH (d:Document {kind: kind, documentNo: no})
    RETURN [kind, no, coalesce(d.createdBy, ''), toString(d.postedAt),
      coalesce(head([(d)-[:FOR_CUSTOMER|FROM_VENDOR]->(partner) | partner.name]), '')]
  } END AS documents,
  CASE WHEN size(reached) <= $entriesUpTo THEN COLLECT {
    UNWIND reached AS e
    WITH DISTINCT e.itemNo AS no
    MATCH (i:Item {no: no})
    RETURN [no, coalesce(i.description, '')]
  } END AS items,
  CASE WHEN size(reached) <= $entriesUpTo THEN [p IN [e IN reached | properties(e)] | [
    p.entryNo, p.entryType, p.documentKind, p.documentNo, p.itemNo, p.variantCode, p.serialNo,
    p.lotNo, p.packageNo, p.locationCode, p.sourceType, p.sourceNo, p.quantity,
    p.remainingQuantity, toString(p.postingDate)
  ]] END AS entries
