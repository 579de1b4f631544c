// Open stock by item, variant, location, bin and numbers, with what is expired on $asOf and what
// is blocked (its serial, lot or package card is blocked) shown apart. A package: the open
// entries of the lots and serial numbers it holds now at any depth, where it holds them.
CALL () {
  MATCH (e:ItemLedgerEntry)
  WHERE e.serialNo = $serialNo
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.lotNo = $lotNo
  RETURN e
UNION
  MATCH path = (n)-[:IN_PACKAGE*1..]->(:Package {packageNo: $packageNo})
  WHERE all(r IN relationships(path) WHERE r.unpackedAt IS NULL)
  MATCH (n)<-[:OF_LOT|OF_SERIAL]-(e:ItemLedgerEntry)
  WHERE e.locationCode = head(relationships(path)).locationCode
  RETURN e
UNION
  MATCH (:Item {no: $itemNo})<-[:OF_ITEM]-(e:ItemLedgerEntry)
  WHERE e.open AND $serialNo IS NULL AND $lotNo IS NULL AND $packageNo IS NULL
  RETURN e
UNION
  MATCH (:Location {code: $locationCode})<-[:AT_LOCATION]-(e:ItemLedgerEntry)
  WHERE e.open AND $itemNo IS NULL AND $serialNo IS NULL AND $lotNo IS NULL AND $packageNo IS NULL
  RETURN e
}
WITH e
WHERE e.open
  AND ($itemNo IS NULL OR e.itemNo = $itemNo)
  AND ($variantCode IS NULL OR e.variantCode = $variantCode)
  AND ($locationCode IS NULL OR e.locationCode = $locationCode)
  AND ($binCode IS NULL OR e.binCode = $binCode)
  AND ($serialNo IS NULL OR e.serialNo = $serialNo)
  AND ($lotNo IS NULL OR e.lotNo = $lotNo)
  AND ($packageNo IS NULL OR EXISTS {
    MATCH path = (e)-[:OF_LOT|OF_SERIAL]->()-[:IN_PACKAGE*1..]->(:Package {packageNo: $packageNo})
    WHERE all(r IN relationships(path)[1..] WHERE r.unpackedAt IS NULL)
      AND relationships(path)[1].locationCode = e.locationCode
  })
WITH
  e,
  e.expirationDate IS NOT NULL AND e.expirationDate < $asOf AS expired,
  EXISTS {
    MATCH (e)-[:OF_SERIAL|OF_LOT|OF_PACKAGE]->(n)
    WHERE n.blocked
  } AS blocked
WITH
  e.itemNo AS itemNo,
  e.variantCode AS variantCode,
  e.locationCode AS locationCode,
  e.binCode AS binCode,
  e.serialNo AS serialNo,
  e.lotNo AS lotNo,
  e.packageNo AS packageNo,
  e.expirationDate AS expirationDate,
  sum(e.remainingQuantity) AS quantity,
  sum(CASE WHEN expired THEN e.remainingQuantity ELSE 0 END) AS expiredQuantity,
  sum(CASE WHEN blocked THEN e.remainingQuantity ELSE 0 END) AS blockedQuantity,
  sum(CASE WHEN expired OR blocked THEN e.remainingQuantity ELSE 0 END) AS unavailable
RETURN itemNo, variantCode, locationCode, binCode, serialNo, lotNo, packageNo, expirationDate,
  quantity, expiredQuantity, blockedQuantity, quantity - unavailable AS availableQuantity
ORDER BY itemNo, variantCode, locationCode, binCode, lotNo, serialNo, packageNo
LIMIT $limit
