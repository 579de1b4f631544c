// Finds or creates the node of a package and locks it, so its card is created once.
MERGE (p:Package {packageNo: $no})
SET p.lock = true
REMOVE p.lock
RETURN elementId(p) AS id, p {.*} AS card
