MATCH (p:Customer {no: $no})
RETURN p {.*} AS partner
