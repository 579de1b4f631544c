CREATE CONSTRAINT number_series_unique IF NOT EXISTS
FOR (s:NumberSeries)
REQUIRE s.code IS UNIQUE
