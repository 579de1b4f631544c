// Every package the traced numbers travelled in, at any depth, with when they were packed.
//
// Neo4j Browser (demo data, `make run`): run this :param line, then this file.
// :param entryNos => [1, 2, 3, 4]
UNWIND $entryNos AS entryNo
MATCH (e:ItemLedgerEntry {entryNo: entryNo})-[:OF_LOT|OF_SERIAL]->(number)
WITH DISTINCT number AS n
CALL (n) {
  MATCH (n)-[:IN_PACKAGE]->(p:Package)
  RETURN p
UNION
  MATCH (n)-[:IN_LOT]->(:Lot)-[:IN_PACKAGE]->(p:Package)
  RETURN p
}
WITH DISTINCT p
MATCH (p)-[:IN_PACKAGE*0..]->(outer:Package)
WITH DISTINCT outer.packageNo AS packageNo
ORDER BY packageNo
RETURN collect(packageNo) AS packageNos
