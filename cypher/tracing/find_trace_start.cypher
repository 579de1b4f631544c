// The entries a trace starts from: those of the numbers named (a package: every lot and serial
// ever packed in it, at any depth, and entries posted with that package number).
//
// Neo4j Browser (demo data, `make run`): run these :param lines, then this file.
// :param serialNo => '1001'
// :param lotNo => null
// :param packageNo => null
// :param itemNo => '1900-S'
// :param variantCode => null
// :param fromDate => null
// :param toDate => null
// :param forward => true
CALL () {
  MATCH (e:ItemLedgerEntry)
  WHERE e.serialNo = $serialNo
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.lotNo = $lotNo
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.packageNo = $packageNo
  RETURN e
UNION
  MATCH (:Package {packageNo: $packageNo})<-[:IN_PACKAGE*1..]-(n)
  MATCH (n)<-[:OF_LOT|OF_SERIAL]-(e:ItemLedgerEntry)
  RETURN e
UNION
  MATCH (:Package {packageNo: $packageNo})<-[:IN_PACKAGE*1..]-(:Lot)<-[:IN_LOT]-(s:SerialNo)
  MATCH (s)<-[:OF_SERIAL]-(e:ItemLedgerEntry)
  RETURN e
UNION
  MATCH (:Item {no: $itemNo})<-[:OF_ITEM]-(e:ItemLedgerEntry)
  WHERE $serialNo IS NULL AND $lotNo IS NULL AND $packageNo IS NULL
  RETURN e
}
WITH DISTINCT e
WHERE ($itemNo IS NULL OR e.itemNo = $itemNo)
  AND ($variantCode IS NULL OR e.variantCode = $variantCode)
  AND ($serialNo IS NULL OR e.serialNo = $serialNo)
  AND ($lotNo IS NULL OR e.lotNo = $lotNo)
  AND ($fromDate IS NULL OR e.postingDate >= $fromDate)
  AND ($toDate IS NULL OR e.postingDate <= $toDate)
  AND ($forward = false OR (e.positive AND NOT e.entryType IN ['Consumption', 'Assembly Consumption']))
RETURN collect(e.entryNo) AS entryNos
