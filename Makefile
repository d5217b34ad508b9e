# smartem-client: every target sets up what it needs; `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SPEC := openapi/smartem-backend.yaml
REFERENCE ?= ../shared/reference/smartem-backend-openapi.json
UPSTREAM ?= $(REFERENCE)
DEMO_ARGS ?=
BENCH_ARGS ?=
IDCACHE_N ?= 1000000

.PHONY: help venv node generate check-generated spec-diff spec-diff-reference lint test demo demo-real bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(STAMP) ## Create .venv with the package, its extras and the pinned tools

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[testing,cli,test,dev]'
	@touch $@

node: $(NODE_STAMP) ## Install the pinned Node tools (Prism) with npm ci

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

generate: $(STAMP) ## Regenerate generated/smartem_api from the spec
	VENV_BIN=$(BIN) SPEC=$(SPEC) scripts/generate.sh generated/smartem_api
	@echo "generated/smartem_api: $$(find generated/smartem_api/api -name '*.py' ! -name '__init__.py' | wc -l) operations, $$(find generated/smartem_api/models -name '*.py' ! -name '__init__.py' | wc -l) models"

check-generated: $(STAMP) ## Fail with a diff if generated/ is not what the spec generates
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	VENV_BIN=$(BIN) SPEC=$(SPEC) scripts/generate.sh "$$tmp/smartem_api" && \
	if diff -ruN generated/smartem_api "$$tmp/smartem_api" > "$$tmp/diff"; then \
		echo "check-generated: generated/ is up to date"; \
	else \
		cat "$$tmp/diff"; echo "check-generated: generated/ is stale; run 'make generate' and commit" >&2; exit 1; \
	fi

spec-diff: $(STAMP) ## Compare our spec with UPSTREAM (path or URL) as contracts
	$(BIN)/python scripts/spec_diff.py $(SPEC) $(UPSTREAM)

spec-diff-reference: $(STAMP)
	@if [ -f "$(REFERENCE)" ]; then \
		$(BIN)/python scripts/spec_diff.py $(SPEC) $(REFERENCE); \
	else \
		echo "spec-diff: $(REFERENCE) not found; contract comparison not run"; \
	fi

lint: $(STAMP) ## Ruff (lint + format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy smartem_ext scripts

test: $(STAMP) $(NODE_STAMP) check-generated lint spec-diff-reference ## Everything CI runs: generated check, lint, types, contract, tests
	$(BIN)/python -m pytest

demo: $(STAMP) ## Register a synthetic EPU session with a fake backend, then verify it (DEMO_ARGS=...)
	$(BIN)/smartem-ext demo $(DEMO_ARGS)

demo-real: $(STAMP) ## The demo against the real backend, started and stopped for it (DEMO_ARGS=...)
	$(BIN)/python scripts/demo_real.py $(DEMO_ARGS)

bench: $(STAMP) ## Benchmarks (~20 min): IdCache, clients on workload W (real backend, canned server), SSE, outbox (BENCH_ARGS=... for bench_client.py)
	$(BIN)/python bench/bench_idcache.py --n $(IDCACHE_N)
	$(BIN)/python bench/bench_client.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_sse.py
	$(BIN)/python bench/bench_outbox.py

clean: ## Remove the venv and caches
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
