MATCH (c:ItemTrackingCode {code: $code})
SET c += $props
RETURN c {.*} AS trackingCode
