MATCH (p:Package {packageNo: $no})
RETURN elementId(p) AS id, p {.*} AS card
