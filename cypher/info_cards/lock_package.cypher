// Locks the node of a package, so the rules decide on what is current.
MATCH (p:Package {packageNo: $no})
SET p.lock = true
REMOVE p.lock
RETURN elementId(p) AS id, p {.*} AS card
