CREATE INDEX epcis_event_time IF NOT EXISTS
FOR (e:EpcisEvent)
ON (e.eventTime)
