CREATE (p:Vendor)
SET p = $partner
RETURN p {.*} AS partner
