// Serial numbers by their text alone (any item): a trace or recall names a serial number,
// often without its item, and filters by its beginning (`SN1*`).
CREATE INDEX serial_no_number IF NOT EXISTS
FOR (s:SerialNo)
ON (s.serialNo)
