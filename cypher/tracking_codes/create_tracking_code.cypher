CREATE (c:ItemTrackingCode)
SET c = $props
RETURN c {.*} AS trackingCode
