MATCH (p:Vendor {no: $no})
SET p += $changes
RETURN p {.*} AS partner
