// The open entries among those a recall reached: where the affected stock stands, and whether
// it is expired on $asOf or blocked, the packages holding it now where it stands (unpacked
// ones are history), and the customer who sent it back when it came in on a sales return
// receipt.
UNWIND $entryNos AS entryNo
MATCH (e:ItemLedgerEntry {entryNo: entryNo})
WHERE e.open
WITH e,
  e.expirationDate IS NOT NULL AND e.expirationDate < $asOf AS expired,
  EXISTS {
    MATCH (e)-[:OF_SERIAL|OF_LOT|OF_PACKAGE]->(n)
    WHERE n.blocked
  } AS blocked,
  COLLECT {
    MATCH (e)-[:OF_LOT|OF_SERIAL]->()-[held:IN_PACKAGE*1..]->(outer:Package)
    WHERE all(r IN held WHERE r.unpackedAt IS NULL) AND held[0].locationCode = e.locationCode
    RETURN DISTINCT outer.packageNo
  } AS packages
ORDER BY e.locationCode, e.binCode, e.itemNo, e.lotNo, e.serialNo
RETURN collect({
  entry: e {.entryNo, .itemNo, .variantCode, .locationCode, .binCode, .serialNo, .lotNo,
            .packageNo, .remainingQuantity, expirationDate: toString(e.expirationDate)},
  expired: expired, blocked: blocked, packages: packages,
  returnedBy: CASE WHEN e.entryType = 'Sale' AND e.sourceType = 'Customer' THEN e.sourceNo
    ELSE '' END
}) AS stock
