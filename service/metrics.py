"""Prometheus metrics, served at `/metrics` (prometheus-client's default registry).

tracegraph_http_request_duration_seconds{method, route, status}   route = the path template
tracegraph_neo4j_transaction_duration_seconds{work, access}       work = module.function
tracegraph_postings_total{outcome}                                posted, refused, replayed
"""

from prometheus_client import Counter, Histogram

REQUEST_SECONDS = Histogram(
    "tracegraph_http_request_duration_seconds",
    "HTTP request latency by route template, method and status",
    ["method", "route", "status"],
)
TRANSACTION_SECONDS = Histogram(
    "tracegraph_neo4j_transaction_duration_seconds",
    "Neo4j transaction latency (retries included) by transaction function and access mode",
    ["work", "access"],
)
POSTINGS = Counter(
    "tracegraph_postings",
    "Documents submitted for posting, by outcome: posted, refused, replayed",
    ["outcome"],
)
