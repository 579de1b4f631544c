// The events that recorded these documents (a trace's or recall's), oldest first.
MATCH (d:Document)
WHERE d.documentNo IN $documentNos
MATCH (e:EpcisEvent)-[:RECORDS]->(d)
WITH DISTINCT e
RETURN e.json AS json, e.recordTime AS recordTime
ORDER BY e.eventTime, e.eventId
LIMIT $limit
