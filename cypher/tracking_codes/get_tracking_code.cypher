MATCH (c:ItemTrackingCode {code: $code})
RETURN c {.*} AS trackingCode
