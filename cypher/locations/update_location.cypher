MATCH (l:Location {code: $code})
SET l += $changes
RETURN l.code AS code
