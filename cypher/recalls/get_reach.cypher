// Everything downstream of $entryNos, in one statement (each entry reached once, at any depth,
// by a pruning breadth-first expand), summed up for a recall: the entries, the serial and lot
// numbers on them (each once, as [item, variant, serial, lot]: lists tell apart faster than
// maps), the sales shipments among them (as [entry no., customer, document, date as ISO text,
// item, variant, serial, lot, quantity]: lists are quicker to send than maps), the sales
// return receipts among them (the same fields, then the shipment entry the return names, or
// null), those still open; and the inbound entries of those numbers the walk did not reach (e.g. stock a customer
// sent back), from which the recall goes on. A serial number is followed as a whole; a lot as
// a whole where its entries carry no serial number. Each entry's fields are read once, just the
// seven every entry needs, as a map (cheaper than all its properties); a sale's other fields are
// read from its node alone (at the same index in `reached`). Everything else is worked out from
// the maps; serial numbers and lots are reached over one expand (each has entries of one kind).
// Numbers in $followed (element ids this statement returned as `followed` in an earlier pass of
// the same recall) are not followed again: their entries came back then.
//
// Neo4j Browser (demo data, `make run`): run these :param lines, then this file.
// :param entryNos => [1, 2]
// :param followed => []
MATCH (start:ItemLedgerEntry)
WHERE start.entryNo IN $entryNos
MATCH (start)<-[:APPLIED_TO|TRANSFERRED_FROM|OUTPUT_OF|CONSUMED*0..]-(reached:ItemLedgerEntry)
// Not `collect(DISTINCT reached)`: Neo4j 5.26 plans that as a pruning breadth-first expand
// distinct per start only, and keeps an entry reached from two starts twice (which made a
// number look walked whole when it was not). A Distinct over the unwound list is exact.
WITH collect(reached) AS walked
UNWIND walked AS reached
WITH DISTINCT reached
WITH collect(reached) AS reached
WITH reached, [e IN reached | e {
  .entryNo, .open, .itemNo, .variantCode, .serialNo, .lotNo, .entryType
}] AS found
WITH reached, found, COLLECT {
  CALL (reached) {
    UNWIND reached AS e
    MATCH (e)-[:OF_SERIAL|OF_LOT]->(n)
    WITH n, count(e) AS walked
    WHERE COUNT { (n)<-[:OF_SERIAL|OF_LOT]-() } > walked
    RETURN n
  }
  WITH n WHERE NOT elementId(n) IN $followed
  RETURN n
} AS unwalked
RETURN
  [p IN found | p.entryNo] AS entryNos,
  COLLECT {
    UNWIND found AS p
    WITH p WHERE p.serialNo <> '' OR p.lotNo <> ''
    RETURN DISTINCT [p.itemNo, p.variantCode, p.serialNo, p.lotNo]
  } AS numbers,
  [i IN range(0, size(found) - 1)
    WHERE found[i].entryType = 'Sale' AND reached[i].quantity < 0
      AND reached[i].sourceType = 'Customer' |
    [found[i].entryNo, reached[i].sourceNo, reached[i].documentNo,
     toString(reached[i].postingDate), found[i].itemNo, found[i].variantCode, found[i].serialNo,
     found[i].lotNo, -reached[i].quantity]] AS shipments,
  COLLECT {
    UNWIND reached AS r
    WITH r
    WHERE r.entryType = 'Sale' AND r.quantity > 0 AND r.sourceType = 'Customer'
    RETURN [r.entryNo, r.sourceNo, r.documentNo, toString(r.postingDate), r.itemNo,
      r.variantCode, r.serialNo, r.lotNo, r.quantity,
      head([(r)-[:APPLIED_FROM]->(shipped) | shipped.entryNo])]
  } AS returns,
  [p IN found WHERE p.open | p.entryNo] AS openEntryNos,
  [n IN unwalked | elementId(n)] AS followed,
  COLLECT {
    UNWIND unwalked AS n
    WITH n, n:SerialNo AS whole
    MATCH (n)<-[:OF_SERIAL|OF_LOT]-(other:ItemLedgerEntry)
    WHERE other.positive
      AND NOT other.entryType IN ['Consumption', 'Assembly Consumption']
      AND (whole OR other.serialNo = '')
    RETURN DISTINCT other.entryNo
  } AS numberEntryNos
