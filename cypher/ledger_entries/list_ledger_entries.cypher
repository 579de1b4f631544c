// Ledger entries of a number, document or item. Each anchor branch seeks an index; a branch whose
// parameter is null finds nothing, and the WHERE after the union applies every filter given.
// By package: the entries of each lot and serial number it held (at any depth) posted while it
// held them, from packing to unpacking, both included (its containment is what it holds: the
// package number stamped on an entry put the stock in or took it out; docs/packages.md).
WITH COLLECT {
  MATCH path = (n)-[:IN_PACKAGE*1..]->(:Package {packageNo: $packageNo})
  WITH n, relationships(path) AS held
  WITH n,
    reduce(a = held[0].packedAt, r IN held | CASE WHEN r.packedAt > a THEN r.packedAt ELSE a END) AS fromAt,
    reduce(b = null, r IN held | CASE WHEN r.unpackedAt IS NULL THEN b
      WHEN b IS NULL OR r.unpackedAt < b THEN r.unpackedAt ELSE b END) AS toAt
  WHERE toAt IS NULL OR toAt >= fromAt
  MATCH (n)<-[:OF_LOT|OF_SERIAL]-(e:ItemLedgerEntry)<-[:HAS_ENTRY]-(d:Document)
  WHERE d.postedAt >= fromAt AND (toAt IS NULL OR d.postedAt <= toAt)
  RETURN DISTINCT e.entryNo
} AS heldEntryNos
CALL (heldEntryNos) {
  MATCH (e:ItemLedgerEntry)
  WHERE e.entryNo IN heldEntryNos
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.serialNo = $serialNo
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.lotNo = $lotNo
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.documentNo = $documentNo
  RETURN e
UNION
  MATCH (:Item {no: $itemNo})<-[:OF_ITEM]-(e:ItemLedgerEntry)
  WHERE $serialNo IS NULL AND $lotNo IS NULL AND $packageNo IS NULL AND $documentNo IS NULL
  RETURN e
}
WITH e, heldEntryNos
WHERE ($itemNo IS NULL OR e.itemNo = $itemNo)
  AND ($variantCode IS NULL OR e.variantCode = $variantCode)
  AND ($serialNo IS NULL OR e.serialNo = $serialNo)
  AND ($lotNo IS NULL OR e.lotNo = $lotNo)
  AND ($packageNo IS NULL OR e.entryNo IN heldEntryNos)
  AND ($documentNo IS NULL OR e.documentNo = $documentNo)
  AND ($locationCode IS NULL OR e.locationCode = $locationCode)
  AND ($open IS NULL OR e.open = $open)
  AND ($entryType IS NULL OR e.entryType = $entryType)
WITH e
ORDER BY e.entryNo
SKIP $offset
LIMIT $limit
RETURN
  e {.*} AS entry,
  COLLECT {
    MATCH (e)-[a:APPLIED_TO]->(inbound:ItemLedgerEntry)
    RETURN {entryNo: inbound.entryNo, quantity: a.quantity}
    ORDER BY inbound.entryNo
  } AS appliedTo,
  COLLECT {
    MATCH (e)-[a:APPLIED_FROM]->(outbound:ItemLedgerEntry)
    RETURN {entryNo: outbound.entryNo, quantity: a.quantity}
  } AS appliedFrom
