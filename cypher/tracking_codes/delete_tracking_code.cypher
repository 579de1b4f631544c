MATCH (c:ItemTrackingCode {code: $code})
DETACH DELETE c
