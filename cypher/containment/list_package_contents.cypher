// Everything in a package at $asOf (now when null), at any depth: each content with the package
// holding it, and for a lot the serial numbers of it that are not packed themselves and are on
// hand where the lot is packed. An edge holds from packedAt until unpackedAt. No row: no such
// package.
MATCH (p:Package {packageNo: $packageNo})
RETURN COLLECT {
  MATCH path = (n)-[:IN_PACKAGE*1..]->(p)
  WHERE all(r IN relationships(path) WHERE
    CASE WHEN $asOf IS NULL THEN r.unpackedAt IS NULL
    ELSE r.packedAt <= $asOf AND (r.unpackedAt IS NULL OR r.unpackedAt > $asOf) END)
  WITH n, head(relationships(path)) AS held
  RETURN {
    kind: CASE WHEN n:Package THEN 'package' WHEN n:Lot THEN 'lot' ELSE 'serial' END,
    key: n {.packageNo, .itemNo, .variantCode, .lotNo, .serialNo},
    parentNo: endNode(held).packageNo,
    quantity: held.quantity,
    packedAt: held.packedAt,
    packedBy: held.packedBy,
    serials: CASE WHEN n:Lot THEN COLLECT {
      MATCH (s:SerialNo)-[:IN_LOT]->(n)
      WHERE NOT EXISTS {
        MATCH (s)-[own:IN_PACKAGE]->(:Package)
        WHERE own.unpackedAt IS NULL
      }
        AND ($asOf IS NOT NULL OR held.locationCode IS NULL OR EXISTS {
          MATCH (s)<-[:OF_SERIAL]-(e:ItemLedgerEntry)
          WHERE e.open AND e.locationCode = held.locationCode
        })
      RETURN s {.itemNo, .variantCode, .serialNo}
    } ELSE [] END
  }
} AS contents
