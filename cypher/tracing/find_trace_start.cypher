// The entries a trace starts from: those of the numbers named, each parameter a list of
// numbers (a filter expression resolved by the service) or null (a package: every lot and
// serial ever packed in it, at any depth, and entries posted with that package number).
// Backward, the leaving half of a transfer or reclassification starts from its arriving half,
// as Business Central's FirstLevel does: a lot renamed by reclassification, traced back, shows
// the entry that gave its stock the new number.
//
// Neo4j Browser (demo data, `make run`): run these :param lines, then this file.
// :param serialNos => ['1001']
// :param lotNos => null
// :param packageNos => null
// :param itemNos => ['1900-S']
// :param variantCode => null
// :param fromDate => null
// :param toDate => null
// :param forward => true
CALL () {
  MATCH (e:ItemLedgerEntry)
  WHERE e.serialNo IN $serialNos
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.lotNo IN $lotNos
  RETURN e
UNION
  MATCH (e:ItemLedgerEntry)
  WHERE e.packageNo IN $packageNos
  RETURN e
UNION
  MATCH (p:Package)<-[:IN_PACKAGE*1..]-(n)
  WHERE p.packageNo IN $packageNos
  MATCH (n)<-[:OF_LOT|OF_SERIAL]-(e:ItemLedgerEntry)
  RETURN e
UNION
  MATCH (p:Package)<-[:IN_PACKAGE*1..]-(:Lot)<-[:IN_LOT]-(s:SerialNo)
  WHERE p.packageNo IN $packageNos
  MATCH (s)<-[:OF_SERIAL]-(e:ItemLedgerEntry)
  RETURN e
UNION
  MATCH (i:Item)<-[:OF_ITEM]-(e:ItemLedgerEntry)
  WHERE i.no IN $itemNos AND $serialNos IS NULL AND $lotNos IS NULL AND $packageNos IS NULL
  RETURN e
}
WITH DISTINCT e
WHERE ($itemNos IS NULL OR e.itemNo IN $itemNos)
  AND ($variantCode IS NULL OR e.variantCode = $variantCode)
  AND ($serialNos IS NULL OR e.serialNo IN $serialNos)
  AND ($lotNos IS NULL OR e.lotNo IN $lotNos)
  AND ($fromDate IS NULL OR e.postingDate >= $fromDate)
  AND ($toDate IS NULL OR e.postingDate <= $toDate)
  AND ($forward = false OR (e.positive AND NOT e.entryType IN ['Consumption', 'Assembly Consumption']))
CALL (e) {
  OPTIONAL MATCH (arrived:ItemLedgerEntry)-[:TRANSFERRED_FROM]->(e)
  WHERE NOT $forward AND e.entryType = 'Transfer' AND NOT e.positive
  RETURN coalesce(arrived, e) AS s
}
RETURN collect(DISTINCT s.entryNo) AS entryNos
