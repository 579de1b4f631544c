// Which of these events are captured already (capture is idempotent by eventID).
MATCH (e:EpcisEvent)
WHERE e.eventId IN $eventIds
RETURN e.eventId AS eventId
