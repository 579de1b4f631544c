// The entries a posting's lines name (`applies_to_entry_no` and `applies_from_entry_no`,
// Business Central's Appl.-to and Appl.-from Item Entry), read once the posting holds its
// items' locks: each with its numbers, place, dates, whether it is open and what earlier returns
// brought back from it (APPLIED_FROM). Entry numbers that do not exist are left out; the
// posting refuses them.
//
// Neo4j Browser (demo data, `make run`): :param entryNos => [2], then this file.
UNWIND $entryNos AS entryNo
MATCH (e:ItemLedgerEntry {entryNo: entryNo})
RETURN
  e.entryNo AS entryNo,
  e.entryType AS entryType,
  e.itemNo AS itemNo,
  e.variantCode AS variantCode,
  e.locationCode AS locationCode,
  e.binCode AS binCode,
  e.open AS open,
  e.serialNo AS serialNo,
  e.lotNo AS lotNo,
  e.packageNo AS packageNo,
  e.quantity AS quantity,
  e.expirationDate AS expirationDate,
  e.warrantyDate AS warrantyDate,
  COLLECT { MATCH (e)<-[r:APPLIED_FROM]-(:ItemLedgerEntry) RETURN r.quantity } AS returned
