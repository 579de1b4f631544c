// Packs each content (locked earlier in this transaction) into the package at its location.
MATCH (parent:Package {packageNo: $packageNo})
UNWIND $contents AS row
MATCH (n)
WHERE elementId(n) = row.id
CREATE (n)-[r:IN_PACKAGE]->(parent)
SET r.packedAt = $at, r.packedBy = $user, r.quantity = row.quantity,
  r.locationCode = $locationCode,
  r.packedByKeyId = $actorKeyId, r.packedByKeyName = $actorKeyName
RETURN count(r) AS packed
