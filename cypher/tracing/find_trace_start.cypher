// The entries a trace starts from: those of the numbers named, each parameter a list of
// numbers (a filter expression resolved by the service) or null. A package (what its
// containment says it held, the one package model of docs/packages.md): for each lot and serial
// number it held at any depth (each level's containment interval overlapping the ones above
// it: what left a carton before the carton was packed onto a pallet was never on the pallet),
// the number's entries posted before it left (its history upstream, and what happened to it
// while held). Backward, the leaving half of a transfer or reclassification starts from its
// arriving half, as Business Central's FirstLevel does: a lot renamed by reclassification,
// traced back, shows the entry that gave its stock the new number.
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
  MATCH path = (n)-[:IN_PACKAGE*1..]->(p:Package)
  WHERE p.packageNo IN $packageNos
  WITH n, relationships(path) AS held
  WITH n,
    reduce(a = held[0].packedAt, r IN held | CASE WHEN r.packedAt > a THEN r.packedAt ELSE a END) AS fromAt,
    reduce(b = null, r IN held | CASE WHEN r.unpackedAt IS NULL THEN b
      WHEN b IS NULL OR r.unpackedAt < b THEN r.unpackedAt ELSE b END) AS toAt
  WHERE toAt IS NULL OR toAt >= fromAt
  CALL (n, toAt) {
    MATCH (n)<-[:OF_LOT|OF_SERIAL]-(e:ItemLedgerEntry)<-[:HAS_ENTRY]-(d:Document)
    WHERE toAt IS NULL OR d.postedAt <= toAt
    RETURN e
  UNION
    MATCH (n:Lot)<-[:IN_LOT]-(:SerialNo)<-[:OF_SERIAL]-(e:ItemLedgerEntry)<-[:HAS_ENTRY]-(d:Document)
    WHERE toAt IS NULL OR d.postedAt <= toAt
    RETURN e
  }
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
