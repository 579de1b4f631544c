// Unpacks each content from the package: its current edge gets unpackedAt/By and is kept.
MATCH (parent:Package {packageNo: $packageNo})
UNWIND $ids AS id
MATCH (n)-[r:IN_PACKAGE]->(parent)
WHERE elementId(n) = id
  AND r.unpackedAt IS NULL
SET r.unpackedAt = $at, r.unpackedBy = $user, r.unpackedByKeyId = $actorKeyId,
  r.unpackedByKeyName = $actorKeyName
RETURN count(r) AS unpacked
