// What an item's setup refers to, so the service can name the missing one.
OPTIONAL MATCH (c:ItemTrackingCode {code: $itemTrackingCode})
OPTIONAL MATCH (sn:NumberSeries {code: $serialNos})
OPTIONAL MATCH (ln:NumberSeries {code: $lotNos})
RETURN c {.*} AS trackingCode, sn IS NOT NULL AS serialNosExist, ln IS NOT NULL AS lotNosExist
