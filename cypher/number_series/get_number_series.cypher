MATCH (s:NumberSeries {code: $code})
RETURN s {.*} AS series
