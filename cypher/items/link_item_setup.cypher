// Points the item at its tracking code and number series (replacing earlier links).
MATCH (i:Item {no: $no})
OPTIONAL MATCH (i)-[old:USES_TRACKING_CODE|SERIAL_NOS|LOT_NOS]->()
DELETE old
WITH DISTINCT i
OPTIONAL MATCH (c:ItemTrackingCode {code: $itemTrackingCode})
OPTIONAL MATCH (sn:NumberSeries {code: $serialNos})
OPTIONAL MATCH (ln:NumberSeries {code: $lotNos})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (i)-[:USES_TRACKING_CODE]->(c))
FOREACH (_ IN CASE WHEN sn IS NULL THEN [] ELSE [1] END | CREATE (i)-[:SERIAL_NOS]->(sn))
FOREACH (_ IN CASE WHEN ln IS NULL THEN [] ELSE [1] END | CREATE (i)-[:LOT_NOS]->(ln))
RETURN i.no AS no
