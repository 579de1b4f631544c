// What an item's setup refers to, so the service can name the missing one. Locks the tracking
// code it names, as a change to the code does (tracking_codes/lock_tracking_code_usage), so the
// code's interlocks and the item's rules are checked against each other's committed state: an
// item cannot take Costing Method Specific or an expiration calculation while the code turns SN
// Specific Tracking or Use Expiration Dates off.
OPTIONAL MATCH (c:ItemTrackingCode {code: $itemTrackingCode})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | SET c.revision = coalesce(c.revision, 0) + 1)
WITH c
OPTIONAL MATCH (sn:NumberSeries {code: $serialNos})
OPTIONAL MATCH (ln:NumberSeries {code: $lotNos})
RETURN c {.*} AS trackingCode, sn IS NOT NULL AS serialNosExist, ln IS NOT NULL AS lotNosExist
