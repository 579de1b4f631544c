// Where each named lot, serial number or package is, and how much of it is free to pack there,
// read after locking its item (postings lock the same items, so what is on hand cannot change
// before the packing commits): a serial number or lot by location, its open entries' remaining
// quantity less what of it is packed at that location now; a package, the location its current
// edges (to what it holds, or to what holds it) name.
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
OPTIONAL MATCH (item:Item {no: n.itemNo})
SET item.lock = true
REMOVE item.lock
WITH row, n
CALL (n) {
  MATCH (n)<-[:OF_SERIAL|OF_LOT]-(e:ItemLedgerEntry)
  WHERE NOT n:Package AND e.open AND e.remainingQuantity > 0
  WITH n, e.locationCode AS location, sum(e.remainingQuantity) AS onHand
  WITH location, onHand - reduce(packed = 0.0, q IN COLLECT {
    MATCH (n)-[held:IN_PACKAGE]->(:Package)
    WHERE held.unpackedAt IS NULL AND held.locationCode = location
    RETURN held.quantity
  } | packed + q) AS free
  RETURN location, free
UNION
  MATCH (n)-[held:IN_PACKAGE]-()
  WHERE n:Package AND held.unpackedAt IS NULL AND held.locationCode IS NOT NULL
  RETURN DISTINCT held.locationCode AS location, 1.0 AS free
}
RETURN row.index AS index, collect([location, free]) AS stock
