// The entries a trace starts from: those of the numbers named. A package (what its containment
// says it held, the one package model of docs/packages.md): for each lot and serial number it
// held at any depth (each level's
// containment interval overlapping the ones above it: what left a carton before the carton was
// packed onto a pallet was never on the pallet), the number's entries posted before it left
// (its history upstream, and what happened to it while held).
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
  MATCH path = (n)-[:IN_PACKAGE*1..]->(:Package {packageNo: $packageNo})
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
