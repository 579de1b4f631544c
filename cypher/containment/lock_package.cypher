// Locks a package to unpack from and returns what is in it now (one level down).
MATCH (p:Package {packageNo: $packageNo})
SET p.lock = true
REMOVE p.lock
RETURN COLLECT {
  MATCH (n)-[held:IN_PACKAGE]->(p)
  WHERE held.unpackedAt IS NULL
  RETURN {
    id: elementId(n),
    kind: CASE WHEN n:Package THEN 'package' WHEN n:Lot THEN 'lot' ELSE 'serial' END,
    key: n {.packageNo, .itemNo, .variantCode, .lotNo, .serialNo}
  }
} AS contents
