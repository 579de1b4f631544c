// Locks every item of the document (in order), so postings of the same items queue up.
UNWIND $itemNos AS itemNo
MATCH (i:Item {no: itemNo})
SET i.lock = true
REMOVE i.lock
WITH i
OPTIONAL MATCH (i)-[:USES_TRACKING_CODE]->(c:ItemTrackingCode)
RETURN
  i {.*} AS item,
  c {.*} AS trackingCode,
  COLLECT {
    MATCH (i)-[:HAS_VARIANT]->(v:ItemVariant)
    RETURN v.code
  } AS variants,
  COLLECT {
    MATCH (i)-[:SERIAL_NOS]->(s:NumberSeries)
    RETURN s.code
  } AS serialNos,
  COLLECT {
    MATCH (i)-[:LOT_NOS]->(s:NumberSeries)
    RETURN s.code
  } AS lotNos
