// The entries a trace answers with, as its rows show them, in one list (dates as ISO text:
// one record and no date objects keep a long trace cheap to send). Each entry's properties are
// read once, as a map, and the fields taken from that.
//
// Neo4j Browser (demo data, `make run`): run this :param line, then this file.
// :param entryNos => [1, 2, 3, 4]
UNWIND $entryNos AS entryNo
MATCH (e:ItemLedgerEntry {entryNo: entryNo})
WITH properties(e) AS e
RETURN collect(e {
  .entryNo, .entryType, .documentKind, .documentNo, .itemNo, .variantCode, .serialNo, .lotNo,
  .packageNo, .locationCode, .sourceType, .sourceNo, .quantity, .remainingQuantity,
  postingDate: toString(e.postingDate)
}) AS entries
