// Wipe the data (tests, demo): every node but the API keys, which are access, not data.
MATCH (n)
WHERE NOT n:ApiKey
DETACH DELETE n
