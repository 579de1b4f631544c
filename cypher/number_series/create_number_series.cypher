CREATE (s:NumberSeries)
SET s = $series
RETURN s {.*} AS series
