MATCH (s:NumberSeries {code: $code})
SET s.lock = true
REMOVE s.lock
RETURN s {.*} AS series
