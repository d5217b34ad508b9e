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
# The wheel check (tests/docs/test_package.py) installs the wheel offline into a fresh venv
# of each of these Pythons, from this folder of the runtime dependencies' wheels.
WHEELHOUSE := $(VENV)/wheelhouse
WHEEL_PYTHONS := 3.11 3.12 3.13

.PHONY: help venv node browser wheelhouse sync-spec generate check-generated contract-check spec-diff lint docs dist test demo demo-real bench clean

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

browser: ## Install Debian's chromium with apt-get unless a Chromium is there (the docs' browser check)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || { \
	  sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

wheelhouse: $(WHEELHOUSE)/.done ## Download the runtime dependencies' wheels for the wheel check

$(WHEELHOUSE)/.done: pyproject.toml $(STAMP)
	@rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	$(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"], sep="\n")' > $(WHEELHOUSE)/requirements.txt
	for version in $(WHEEL_PYTHONS); do \
	  $(BIN)/python -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
	    --python-version $$version -d $(WHEELHOUSE) -r $(WHEELHOUSE)/requirements.txt || exit 1; \
	done
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

docs: $(STAMP) ## Build the documentation into docs/_build/html (nitpicky; warnings are errors)
	$(BIN)/sphinx-build -W --keep-going -n -b html -d docs/_build/doctrees docs docs/_build/html

dist: $(STAMP) ## Build the wheel and sdist into dist/ and check them with twine
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .
	$(BIN)/python -m twine check --strict dist/*

test: $(STAMP) $(NODE_STAMP) browser wheelhouse check-generated lint contract-check ## Everything CI runs: generated check, lint, types, contract, tests (docs and browser included)
	$(BIN)/python -m pytest

demo: $(STAMP) ## Register a synthetic EPU session with a fake backend, then verify it (DEMO_ARGS=...)
	$(BIN)/smartem-ext demo $(DEMO_ARGS)

demo-real: $(STAMP) ## The demo against the real backend, started and stopped for it (DEMO_ARGS=...)
	$(BIN)/python scripts/demo_real.py $(DEMO_ARGS)

bench: $(STAMP) ## Benchmarks (~30 min): IdCache, import time, clients on workload W (real backend, canned server, in process, instruction counts), SSE, the existing agent on both clients, outbox, bulk re-run (BENCH_ARGS=... for bench_client.py)
	$(BIN)/python bench/bench_idcache.py --n $(IDCACHE_N)
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_client.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_instructions.py
	$(BIN)/python bench/bench_sse.py
	$(BIN)/python bench/bench_agent.py
	$(BIN)/python bench/bench_outbox.py
	$(BIN)/python bench/bench_rerun.py

clean: ## Remove the venv and caches
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis docs/_build dist
