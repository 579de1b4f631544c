// Finds the named packages, lots and serial numbers, locks each, and returns the packages each is
// in now (none: in no package; a lot may lie in several); a content that is no node returns no row.
UNWIND $contents AS row
CALL (row) {
  WITH row
  WHERE row.kind = 'package'
  MATCH (n:Package {packageNo: row.packageNo})
  RETURN n
UNION
  WITH row
  WHERE row.kind = 'lot'
  MATCH (n:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: row.lotNo})
  RETURN n
UNION
  WITH row
  WHERE row.kind = 'serial'
  MATCH (n:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.serialNo})
  RETURN n
}
SET n.lock = true
REMOVE n.lock
RETURN row.index AS index, elementId(n) AS id, COLLECT {
  MATCH (n)-[held:IN_PACKAGE]->(parent:Package)
  WHERE held.unpackedAt IS NULL
  RETURN parent.packageNo ORDER BY parent.packageNo
} AS parentNos
