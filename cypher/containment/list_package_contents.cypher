// Everything in a package now, at any depth: each content with the package holding it, and for
// a lot the serial numbers of it that are not packed themselves. No row: no such package.
MATCH (p:Package {packageNo: $packageNo})
RETURN COLLECT {
  MATCH path = (n)-[:IN_PACKAGE*1..]->(p)
  WHERE all(r IN relationships(path) WHERE r.unpackedAt IS NULL)
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
      RETURN s {.itemNo, .variantCode, .serialNo}
    } ELSE [] END
  }
} AS contents
