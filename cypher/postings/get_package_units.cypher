// What a package holds at a location, at any depth, as postable units: each serial number on
// hand (with its lot), and for a lot without serial numbers what is left of it here, up to what
// was packed. No row: nothing of the package is on hand here. Each row also names the first
// blocked package among the package and those packed in it (null when none is): a blocked
// package does not move as a whole.
MATCH (p:Package {packageNo: $packageNo})
SET p.lock = true
REMOVE p.lock
WITH p, COLLECT {
  MATCH path = (inner:Package)-[:IN_PACKAGE*0..]->(p)
  WHERE inner.blocked AND all(r IN relationships(path) WHERE r.unpackedAt IS NULL)
  RETURN inner.packageNo ORDER BY inner.packageNo
}[0] AS blockedPackageNo
MATCH path = (n)-[:IN_PACKAGE*1..]->(p)
WHERE all(r IN relationships(path) WHERE r.unpackedAt IS NULL)
  AND (n:Lot OR n:SerialNo)
WITH n, head(relationships(path)).quantity AS packed, blockedPackageNo
CALL (n, packed) {
  MATCH (e:ItemLedgerEntry)-[:OF_SERIAL]->(n)
  WHERE n:SerialNo AND e.open AND e.locationCode = $locationCode
  RETURN n.itemNo AS itemNo, n.variantCode AS variantCode, n.serialNo AS serialNo,
    e.lotNo AS lotNo, 1.0 AS quantity
UNION
  MATCH (s:SerialNo)-[:IN_LOT]->(n)
  WHERE n:Lot
    AND NOT EXISTS {
      MATCH (s)-[own:IN_PACKAGE]->(:Package)
      WHERE own.unpackedAt IS NULL
    }
  MATCH (e:ItemLedgerEntry)-[:OF_SERIAL]->(s)
  WHERE e.open AND e.locationCode = $locationCode AND e.lotNo = n.lotNo
  RETURN s.itemNo AS itemNo, s.variantCode AS variantCode, s.serialNo AS serialNo,
    n.lotNo AS lotNo, 1.0 AS quantity
UNION
  MATCH (e:ItemLedgerEntry)-[:OF_LOT]->(n)
  WHERE n:Lot AND e.open AND e.locationCode = $locationCode
    AND NOT EXISTS { (:SerialNo)-[:IN_LOT]->(n) }
  WITH n, packed, sum(e.remainingQuantity) AS here
  RETURN n.itemNo AS itemNo, n.variantCode AS variantCode, '' AS serialNo, n.lotNo AS lotNo,
    CASE WHEN here < packed THEN here ELSE packed END AS quantity
}
RETURN DISTINCT itemNo, variantCode, serialNo, lotNo, quantity, blockedPackageNo
ORDER BY itemNo, variantCode, lotNo, serialNo
