// After a posting that moved whole packages: everything inside each, at any depth, is where the
// package went ($moves' locationCode: a transfer's destination; null for a package shipped,
// returned to the vendor or written off whole, which left the inventory); a package moved off
// the package holding it (not itself moved) to another place leaves that package.
UNWIND $moves AS move
MATCH (p:Package {packageNo: move.packageNo})
SET p.lock = true
REMOVE p.lock
WITH p, move
CALL (p, move) {
  MATCH path = (inner:Package)-[:IN_PACKAGE*0..]->(p)
  WHERE all(r IN relationships(path) WHERE r.unpackedAt IS NULL)
  MATCH (:Lot|SerialNo|Package)-[held:IN_PACKAGE]->(inner)
  WHERE held.unpackedAt IS NULL
  SET held.locationCode = move.locationCode
}
WITH p, move
OPTIONAL MATCH (p)-[up:IN_PACKAGE]->(holder:Package)
WHERE up.unpackedAt IS NULL
  AND NOT holder.packageNo IN [m IN $moves | m.packageNo]
  AND (move.locationCode IS NULL OR up.locationCode IS NULL OR move.locationCode <> up.locationCode)
SET up.unpackedAt = $at, up.unpackedBy = $user
RETURN count(p) AS moved
