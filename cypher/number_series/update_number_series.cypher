MATCH (s:NumberSeries {code: $code})
SET s += $changes
RETURN s {.*} AS series
