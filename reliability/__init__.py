"""The reliability suite: load that fights over the same numbers, Neo4j killed under it, fuzzed
input. `python -m reliability` runs it all; the fast parts run in the test suite."""
