// EPCIS events answering a query, by eventTime (or recordTime, $orderBy), oldest first unless
// $descending. The first MATCH_ parameter given anchors the
// search on the Epc index ($anchorExact / $anchorPrefixes); without one, events are scanned.
// Each other filter is null when not asked for.
CALL () {
  MATCH (e:EpcisEvent)
  WHERE $anchorExact IS NULL
  RETURN e
UNION
  UNWIND $anchorExact AS uri
  MATCH (e:EpcisEvent)-[:CONCERNS]->(:Epc {uri: uri})
  RETURN e
UNION
  UNWIND $anchorPrefixes AS prefix
  MATCH (x:Epc)
  WHERE x.uri STARTS WITH prefix
  MATCH (e:EpcisEvent)-[:CONCERNS]->(x)
  RETURN e
}
WITH DISTINCT e
WHERE ($eventTypes IS NULL OR e.eventType IN $eventTypes)
  AND ($actions IS NULL OR e.action IN $actions)
  AND ($bizSteps IS NULL OR e.bizStep IN $bizSteps)
  AND ($dispositions IS NULL OR e.disposition IN $dispositions)
  AND ($bizLocations IS NULL OR e.bizLocation IN $bizLocations)
  AND ($readPoints IS NULL OR e.readPoint IN $readPoints)
  AND ($eventIds IS NULL OR e.eventId IN $eventIds)
  AND ($transformationIds IS NULL OR e.transformationId IN $transformationIds)
  AND ($geEventTime IS NULL OR e.eventTime >= $geEventTime)
  AND ($ltEventTime IS NULL OR e.eventTime < $ltEventTime)
  AND ($geRecordTime IS NULL OR e.recordTime >= $geRecordTime)
  AND ($ltRecordTime IS NULL OR e.recordTime < $ltRecordTime)
  AND all(match IN $matches WHERE EXISTS {
    MATCH (e)-[r:CONCERNS]->(x:Epc)
    WHERE r.field IN match.fields
      AND (x.uri IN match.exact OR any(prefix IN match.prefixes WHERE x.uri STARTS WITH prefix))
  })
  AND all(bt IN $bizTransactions WHERE EXISTS {
    MATCH (e)-[:FOR_TRANSACTION]->(t:BizTransaction)
    WHERE t.type = bt.type AND t.id IN bt.ids
  })
  AND all(wanted IN $sources WHERE any(s IN coalesce(e.sources, []) WHERE s IN wanted))
  AND all(wanted IN $destinations WHERE any(d IN coalesce(e.destinations, []) WHERE d IN wanted))
WITH e, CASE $orderBy WHEN 'recordTime' THEN e.recordTime ELSE e.eventTime END AS at
WITH e, at.epochMillis * CASE WHEN $descending THEN -1 ELSE 1 END AS position
RETURN e.json AS json, e.recordTime AS recordTime
ORDER BY position, e.eventId
SKIP $offset
LIMIT $limit
