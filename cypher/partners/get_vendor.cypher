MATCH (p:Vendor {no: $no})
RETURN p {.*} AS partner
