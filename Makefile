# The two commands a new user needs:  make run   and   make test
.PHONY: run test lint setup neo4j-start neo4j-stop reliability bench soak
VENV := .venv
SCALE ?= S
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml scripts/setup.sh ui/package.json ui/package-lock.json
	bash scripts/setup.sh
	touch $(STAMP)

setup: $(STAMP)

## Serve the API on 127.0.0.1:8000 with the demo data (starts the local Neo4j if NEO4J_URI is unset)
run: $(STAMP)
	$(VENV)/bin/tracegraph serve

## Lint, type-check and run the whole test suite against a real Neo4j
test: $(STAMP) lint
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check service bench reliability tests
	$(VENV)/bin/ruff format --check service bench reliability tests
	$(VENV)/bin/mypy

neo4j-start: $(STAMP)
	$(VENV)/bin/tracegraph neo4j start

neo4j-stop: $(STAMP)
	$(VENV)/bin/tracegraph neo4j stop

## The tracing oracle's property test over 10,000 random chains (CI runs 500); see docs/oracle.md
soak: $(STAMP)
	TRACEGRAPH_CHAIN_SIZE=full TRACEGRAPH_CHAINS=$${TRACEGRAPH_CHAINS:-10000} $(VENV)/bin/pytest tests/property/test_tracing_oracle.py -q -p no:logging

## The reliability suite: load with Neo4j killed under it, fuzzing; prints its figures
reliability: $(STAMP)
	$(VENV)/bin/python -m reliability

## Benchmark at scale XS, S or M beside PostgreSQL (needs apt-get install postgresql); prints the
## table and writes bench/results/$(SCALE).json
bench: $(STAMP)
	$(VENV)/bin/python -m bench --scale $(SCALE)
