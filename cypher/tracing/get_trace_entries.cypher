// The entries a trace answers with, as its rows show them, in one list: each entry as a list of
// its fields in the order `_row` (service/graph/tracing.py) takes them, dates as ISO text (one
// record, and no keys or date objects to send for each of thousands of entries, keep a long
// trace cheap to send and to decode). Each entry's properties are read once, as a map, and the
// fields taken from that.
//
// Neo4j Browser (demo data, `make run`): run this :param line, then this file.
// :param entryNos => [1, 2, 3, 4]
UNWIND $entryNos AS entryNo
MATCH (e:ItemLedgerEntry {entryNo: entryNo})
WITH properties(e) AS p
RETURN collect([
  p.entryNo, p.entryType, p.documentKind, p.documentNo, p.itemNo, p.variantCode, p.serialNo,
  p.lotNo, p.packageNo, p.locationCode, p.sourceType, p.sourceNo, p.quantity,
  p.remainingQuantity, toString(p.postingDate)
]) AS entries
