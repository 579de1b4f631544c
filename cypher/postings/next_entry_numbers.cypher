MERGE (s:LedgerSequence {name: 'itemLedgerEntry'})
SET s.last = coalesce(s.last, 0) + $count
RETURN s.last - $count AS before
