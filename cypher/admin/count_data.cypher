// How much data the database holds: every node but the API keys (access, not data) and the
// ledger's entry number sequence (a counter, not a record).
MATCH (n)
WHERE NOT n:ApiKey
  AND NOT n:LedgerSequence
RETURN count(n) AS nodes
