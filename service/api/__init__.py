"""HTTP: one router per resource; parses, calls the graph layer, maps results.

No rules and no Cypher here."""
