// For a posting's lots and serial numbers (locked): their current containment edges, what of each
// is on hand at each location, and where each package named on the posting is now (null: empty,
// or left the inventory whole). Read after the posting's entries are written.
UNWIND $numbers AS row
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
SET n.lock = true
REMOVE n.lock
RETURN
  row.index AS index,
  COLLECT {
    MATCH (n)-[held:IN_PACKAGE]->(p:Package)
    WHERE held.unpackedAt IS NULL
    RETURN {id: elementId(held), packageNo: p.packageNo, locationCode: held.locationCode,
            quantity: held.quantity, packedAt: held.packedAt}
  } AS edges,
  COLLECT {
    MATCH (n)<-[:OF_SERIAL|OF_LOT]-(e:ItemLedgerEntry)
    WHERE e.open
    WITH e.locationCode AS locationCode, sum(e.remainingQuantity) AS quantity
    RETURN [locationCode, quantity]
  } AS onHand
