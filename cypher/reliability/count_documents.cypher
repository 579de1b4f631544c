// The documents a load posted (numbered with its prefix), each with how many nodes carry it.
MATCH (d:Document)
WHERE d.documentNo STARTS WITH $prefix
RETURN d.documentNo AS documentNo, count(*) AS count
