CREATE (p:Customer)
SET p = $partner
RETURN p {.*} AS partner
