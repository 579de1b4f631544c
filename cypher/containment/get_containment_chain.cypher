// Where a package, lot or serial number is now: what holds it (a package; for a serial number
// packed in none, its lot), what holds that, ... outermost last. No row: no such node.
CALL () {
  MATCH (n:Package {packageNo: $packageNo})
  WHERE $kind = 'package'
  RETURN n
UNION
  MATCH (n:Lot {itemNo: $itemNo, variantCode: $variantCode, lotNo: $lotNo})
  WHERE $kind = 'lot'
  RETURN n
UNION
  MATCH (n:SerialNo {itemNo: $itemNo, variantCode: $variantCode, serialNo: $serialNo})
  WHERE $kind = 'serial'
  RETURN n
}
OPTIONAL MATCH (n)-[held:IN_PACKAGE]->(:Package)
WHERE held.unpackedAt IS NULL
WITH n, held
OPTIONAL MATCH (n:SerialNo)-[:IN_LOT]->(lot:Lot)
WHERE held IS NULL
WITH n, lot
ORDER BY lot.lotNo
WITH n, head(collect(lot)) AS lot
WITH n, lot, coalesce(lot, n) AS base
OPTIONAL MATCH path = (base)-[:IN_PACKAGE*1..]->(:Package)
WHERE all(r IN relationships(path) WHERE r.unpackedAt IS NULL)
WITH n, lot, path
ORDER BY length(path) DESC
WITH n, lot, head(collect(path)) AS path
RETURN
  lot {.itemNo, .variantCode, .lotNo} AS lot,
  CASE WHEN path IS NULL THEN [] ELSE [a IN tail(nodes(path)) | a.packageNo] END AS packages
