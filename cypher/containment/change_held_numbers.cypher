// Applies what a posting changed in containment (`service/domain/held_stock.py`): closes the
// edges $close (kept as history) and opens the edges $open, each a lot or serial number in a
// package at a location with a quantity.
CALL () {
  UNWIND $close AS id
  MATCH ()-[held:IN_PACKAGE]->()
  WHERE elementId(held) = id
  SET held.unpackedAt = $at, held.unpackedBy = $user
}
CALL () {
  UNWIND $open AS row
  CALL (row) {
    WITH row
    WHERE row.kind = 'lot'
    MATCH (n:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: row.no})
    RETURN n
  UNION
    WITH row
    WHERE row.kind = 'serial'
    MATCH (n:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.no})
    RETURN n
  }
  MERGE (p:Package {packageNo: row.packageNo})
  CREATE (n)-[r:IN_PACKAGE]->(p)
  SET r.packedAt = $at, r.packedBy = $user, r.quantity = row.quantity,
    r.locationCode = row.locationCode
}
RETURN size($close) + size($open) AS changed
