CREATE INDEX epcis_event_time_index IF NOT EXISTS
FOR (e:EpcisEvent)
ON (e.eventTime)
