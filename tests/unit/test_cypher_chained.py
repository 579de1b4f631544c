"""`chained`: two Cypher files as one statement, the first's column standing for the second's
parameter."""

import pytest

from service.graph.cypher import chained, cypher


def test_the_first_file_feeds_the_second_parameter() -> None:
    statement = chained("tracing/find_trace_start", "tracing/get_flow", "entryNos")
    assert statement.startswith("CALL () {\n" + cypher("tracing/find_trace_start") + "\n}\n")
    assert "$entryNos" not in statement
    assert "WHERE start.entryNo IN entryNos" in statement
    # Other parameters of the second file are left as they are.
    assert "$entriesUpTo" in statement
    assert "$forward" in statement


def test_a_second_file_without_the_parameter_is_refused() -> None:
    with pytest.raises(ValueError, match="reads no \\$lotNo"):
        chained("tracing/find_trace_start", "tracing/get_flow", "lotNo")
