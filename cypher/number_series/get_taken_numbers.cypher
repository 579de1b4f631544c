// Which of $numbers, drawn from series $code, already exist: serials of the items whose Serial
// Nos. is the series, lots of the items whose Lot Nos. is it, packages when it is the inventory
// setup's Package Nos. Every ledger entry is tied to its number's node, so the nodes (entries'
// and cards') are all there is to look at.
MATCH (series:NumberSeries {code: $code})
CALL (series) {
  UNWIND $numbers AS no
  MATCH (i:Item)-[:SERIAL_NOS]->(series)
  MATCH (s:SerialNo)
  WHERE s.itemNo = i.no
    AND s.serialNo = no
  RETURN no
  UNION
  UNWIND $numbers AS no
  MATCH (i:Item)-[:LOT_NOS]->(series)
  MATCH (l:Lot)
  WHERE l.itemNo = i.no
    AND l.lotNo = no
  RETURN no
  UNION
  UNWIND $numbers AS no
  MATCH (:InventorySetup)-[:PACKAGE_NOS]->(series)
  MATCH (:Package {packageNo: no})
  RETURN no
}
RETURN collect(DISTINCT no) AS taken
