# smartem-client: every target sets up what it needs; `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SPEC := openapi/smartem-backend.yaml
CONTRACT := $(BIN)/python scripts/contract.py
# sync-spec: SOURCE= (default: the pinned backend package), a URL, a path or smartem-decisions==X
SOURCE ?=
ACCEPT_BREAKING ?=
UPSTREAM ?=
DEMO_ARGS ?=
BENCH_ARGS ?=
IDCACHE_N ?= 1000000

.PHONY: help venv node sync-spec generate check-generated contract-check spec-diff lint test demo demo-real bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(STAMP) ## Create .venv with the package, its extras and the pinned tools

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[testing,cli,compat,test,dev,docs]'
	@touch $@

node: $(NODE_STAMP) ## Install the pinned Node tools (Prism) with npm ci

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

sync-spec: $(STAMP) ## Take the backend's document (SOURCE=URL|path|smartem-decisions==X), report changes, regenerate
	$(CONTRACT) sync $(if $(SOURCE),--source '$(SOURCE)') $(if $(ACCEPT_BREAKING),--accept-breaking)

generate: $(STAMP) ## Stored backend document + overlay -> openapi/smartem-backend.yaml -> generated/
	$(CONTRACT) generate

check-generated: $(STAMP) ## Fail with a diff if the contract or generated/ is not what the inputs make
	$(CONTRACT) check

contract-check: $(STAMP) ## The contract against the pinned backend's own document: only the overlay's deviations
	$(CONTRACT) compare

spec-diff: $(STAMP) ## Compare our contract with UPSTREAM (path or URL) as contracts
	@test -n "$(UPSTREAM)" || { echo "spec-diff: set UPSTREAM=path-or-URL" >&2; exit 2; }
	$(BIN)/python scripts/spec_diff.py $(SPEC) $(UPSTREAM) --overlay openapi/overlay.yaml

lint: $(STAMP) ## Ruff (lint + format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy smartem_ext scripts

test: $(STAMP) $(NODE_STAMP) check-generated lint contract-check ## Everything CI runs: generated check, lint, types, contract, tests
	$(BIN)/python -m pytest

demo: $(STAMP) ## Register a synthetic EPU session with a fake backend, then verify it (DEMO_ARGS=...)
	$(BIN)/smartem-ext demo $(DEMO_ARGS)

demo-real: $(STAMP) ## The demo against the real backend, started and stopped for it (DEMO_ARGS=...)
	$(BIN)/python scripts/demo_real.py $(DEMO_ARGS)

bench: $(STAMP) ## Benchmarks (~25 min): IdCache, clients on workload W (real backend, canned server), SSE, the existing agent on both clients, outbox, bulk re-run (BENCH_ARGS=... for bench_client.py)
	$(BIN)/python bench/bench_idcache.py --n $(IDCACHE_N)
	$(BIN)/python bench/bench_client.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_sse.py
	$(BIN)/python bench/bench_agent.py
	$(BIN)/python bench/bench_outbox.py
	$(BIN)/python bench/bench_rerun.py

clean: ## Remove the venv and caches
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
