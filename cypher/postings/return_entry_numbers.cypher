// Entry numbers a stopping service drew and did not use, given back: only when no one drew
// after it (the sequence still stands at the end of its block), so no number is given twice.
MATCH (s:LedgerSequence {name: 'itemLedgerEntry'})
WHERE s.last = $last
SET s.last = $next - 1
RETURN s.last AS last
