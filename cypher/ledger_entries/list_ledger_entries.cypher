// Ledger entries of a number, document or item. Each anchor branch seeks an index; a branch whose
// parameter is null finds nothing, and the WHERE after the union applies every filter given.
CALL () {
  MATCH (e:ItemLedgerEntry)
  WHERE e.serialNo = $serialNo
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.lotNo = $lotNo
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.packageNo = $packageNo
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
WITH e
WHERE ($itemNo IS NULL OR e.itemNo = $itemNo)
  AND ($variantCode IS NULL OR e.variantCode = $variantCode)
  AND ($serialNo IS NULL OR e.serialNo = $serialNo)
  AND ($lotNo IS NULL OR e.lotNo = $lotNo)
  AND ($packageNo IS NULL OR e.packageNo = $packageNo)
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
