CREATE CONSTRAINT epcis_event_unique IF NOT EXISTS
FOR (n:EpcisEvent)
REQUIRE n.eventId IS UNIQUE
