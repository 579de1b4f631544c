// Finds or creates the package to pack into and locks it and every package it is inside now,
// nearest first, so no other transaction can change that chain (or close a cycle) meanwhile.
MERGE (q:Package {packageNo: $packageNo})
SET q.lock = true
REMOVE q.lock
WITH q
OPTIONAL MATCH path = (q)-[:IN_PACKAGE*1..]->(a:Package)
WHERE all(r IN relationships(path) WHERE r.unpackedAt IS NULL)
SET a.lock = true
REMOVE a.lock
WITH a, length(path) AS depth
ORDER BY depth
RETURN collect(a.packageNo) AS chain
