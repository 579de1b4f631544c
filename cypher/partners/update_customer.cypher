MATCH (p:Customer {no: $no})
SET p += $changes
RETURN p {.*} AS partner
