// The entries a trace answers with, as its rows show them, in one list: each entry as a list of
// its fields in the order `_row` (service/graph/tracing.py) takes them, dates as ISO text (one
// record, and no keys or date objects to send for each of thousands of entries, keep a long
// trace cheap to send and to decode). Each entry's properties are read once, as a map, and the
// fields taken from that. Then each document's and item's fields the rows show, once each:
// who posted the document and when, its customer's or vendor's name, the item's description.
//
// Neo4j Browser (demo data, `make run`): run this :param line, then this file.
// :param entryNos => [1, 2, 3, 4]
UNWIND $entryNos AS entryNo
MATCH (e:ItemLedgerEntry {entryNo: entryNo})
WITH collect(e) AS reached
RETURN
  [p IN [e IN reached | properties(e)] | [
    p.entryNo, p.entryType, p.documentKind, p.documentNo, p.itemNo, p.variantCode, p.serialNo,
    p.lotNo, p.packageNo, p.locationCode, p.sourceType, p.sourceNo, p.quantity,
    p.remainingQuantity, toString(p.postingDate)
  ]] AS entries,
  COLLECT {
    UNWIND reached AS e
    WITH DISTINCT e.documentKind AS kind, e.documentNo AS no
    MATCH (d:Document {kind: kind, documentNo: no})
    RETURN [kind, no, coalesce(d.createdBy, ''), toString(d.postedAt),
      coalesce(head([(d)-[:FOR_CUSTOMER|FROM_VENDOR]->(partner) | partner.name]), '')]
  } AS documents,
  COLLECT {
    UNWIND reached AS e
    WITH DISTINCT e.itemNo AS no
    MATCH (i:Item {no: no})
    RETURN [no, coalesce(i.description, '')]
  } AS items
