// Which of these events are captured already, with what they said (capture is idempotent by
// eventID, and refuses other content under a stored eventID).
MATCH (e:EpcisEvent)
WHERE e.eventId IN $eventIds
RETURN e.eventId AS eventId, e.json AS json
