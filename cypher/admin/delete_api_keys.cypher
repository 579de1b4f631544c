// Remove every API key (a reset asked to drop access too).
MATCH (k:ApiKey)
DETACH DELETE k
