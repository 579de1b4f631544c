// An error declaration (EPCIS 2.0 section 7.4.1.2) of a stored event: the event keeps its
// identity and what it posted; its JSON now carries the errorDeclaration.
MATCH (e:EpcisEvent {eventId: $eventId})
SET e.json = $json,
  e.errorDeclared = true
