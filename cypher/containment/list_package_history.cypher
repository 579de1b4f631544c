// Every packing into a package, current or unpacked, oldest first. No row: no such package.
MATCH (p:Package {packageNo: $packageNo})
RETURN COLLECT {
  MATCH (n)-[r:IN_PACKAGE]->(p)
  RETURN {
    kind: CASE WHEN n:Package THEN 'package' WHEN n:Lot THEN 'lot' ELSE 'serial' END,
    key: n {.packageNo, .itemNo, .variantCode, .lotNo, .serialNo},
    quantity: r.quantity,
    packedAt: r.packedAt,
    packedBy: r.packedBy,
    unpackedAt: r.unpackedAt,
    unpackedBy: r.unpackedBy
  } AS entry
  ORDER BY r.packedAt, r.unpackedAt, n.packageNo, n.itemNo, n.variantCode, n.lotNo, n.serialNo
  SKIP $offset
  LIMIT $limit
} AS history
