"""`chained` and `in_sequence`: Cypher files composed into one statement (a first file's column
standing for a second's parameter; writes run one after another, then maybe a read)."""

import pytest

from service.graph.cypher import chained, cypher, in_sequence


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


def test_in_sequence_runs_each_file_as_a_unit_subquery_in_order() -> None:
    statement = in_sequence(("postings/create_document", "postings/create_entries"))
    document, entries = cypher("postings/create_document"), cypher("postings/create_entries")
    assert statement == f"CALL () {{\n{document}\n}}\nCALL () {{\n{entries}\n}}"


def test_in_sequence_refuses_a_file_that_answers_rows() -> None:
    with pytest.raises(ValueError, match="get_posting_context answers rows"):
        in_sequence(("postings/create_document", "postings/get_posting_context"))


def test_in_sequence_then_runs_a_file_that_answers_rows_after_the_writes() -> None:
    statement = in_sequence(("postings/lock_items",), then="postings/get_posting_context")
    lock, read = cypher("postings/lock_items"), cypher("postings/get_posting_context")
    assert statement == f"CALL () {{\n{lock}\n}}\n{read}"
