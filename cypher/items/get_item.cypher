MATCH (i:Item {no: $no})
OPTIONAL MATCH (i)-[:USES_TRACKING_CODE]->(c:ItemTrackingCode)
OPTIONAL MATCH (i)-[:SERIAL_NOS]->(sn:NumberSeries)
OPTIONAL MATCH (i)-[:LOT_NOS]->(ln:NumberSeries)
RETURN
  i {.*} AS item,
  c {.*} AS trackingCode,
  sn.code AS serialNos,
  ln.code AS lotNos,
  COLLECT {
    MATCH (i)-[:HAS_VARIANT]->(v:ItemVariant)
    RETURN v {.code, .description}
    ORDER BY v.code
  } AS variants,
  EXISTS { (:ItemLedgerEntry)-[:OF_ITEM]->(i) } AS hasEntries
