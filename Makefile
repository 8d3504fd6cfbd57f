# Two commands on a fresh machine: `make run` (main job, embedded store) and `make test`.
# The first supported interpreter on PATH that really runs (a pyenv shim for a version that is
# installed but not selected exists and fails): 3.11 first, the one CI and the suite are proven on;
# requires-python allows 3.11 to 3.13; PYTHON=… overrides.
PYTHON ?= $(firstword $(foreach v,3.11 3.12 3.13,$(shell python$(v) -c 'import sys' >/dev/null 2>&1 && command -v python$(v))))
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed

.PHONY: venv run crawl demo test lint bench soak clean system-packages

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || { echo "error: Python 3.11, 3.12 or 3.13 is needed (none on PATH)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# An editable install leaves our own modules uncompiled; compiling them here spares every crawl
# child the compile (60 ms of a nothing-new crawl where PYTHONDONTWRITEBYTECODE is set).
COMPILE := $(BIN)/python -m compileall -q crawler scheduler search newswatch > /dev/null

# `make run` needs only the runtime dependencies; `make test` adds the dev tools.
$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	$(COMPILE)
	touch $(RUNTIME)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[dev]'
	$(COMPILE)
	touch $(RUNTIME) $(STAMP)

venv: $(STAMP)

# Crawl every configured source once into the embedded store (a failed crawl is reported and
# the page still serves what is stored), then keep the scheduler daemon and the HTTP API
# running. Ctrl-C stops both without a traceback.
run: $(RUNTIME)
	@$(BIN)/newswatch crawl || echo "newswatch: the crawl reported failures (above); serving what is stored"
	@$(BIN)/newswatch schedule run > $(VENV)/scheduler.log 2>&1 & daemon=$$!; \
	trap 'kill $$daemon 2>/dev/null; wait $$daemon 2>/dev/null; exit 0' INT TERM; \
	echo "newswatch: scheduler daemon running (log: $(VENV)/scheduler.log)"; \
	$(BIN)/newswatch serve; kill $$daemon 2>/dev/null; wait $$daemon 2>/dev/null; \
	exit 0

crawl: $(RUNTIME)
	$(BIN)/newswatch crawl

# No internet needed: replay copies of the sources on 127.0.0.1, crawled into a temporary store.
demo: $(STAMP)
	$(BIN)/newswatch demo

# Style, types, and the house plan (ARCHITECTURE.md; contracts in pyproject's [tool.importlinter]).
lint: $(STAMP)
	$(BIN)/ruff check crawler scheduler search newswatch tests bench
	$(BIN)/ruff format --check crawler scheduler search newswatch tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# System packages (chromium, unzip, maven, PostgreSQL, Redis: tests/servers/system_packages.sh)
# are installed when missing; the real Elasticsearch test server is fetched from Maven Central
# once and cached in .cache/.
test: $(STAMP)
	bash tests/servers/system_packages.sh
	bash tests/servers/elasticsearch_dist.sh
	$(MAKE) lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	bash tests/servers/elasticsearch_dist.sh
	$(BIN)/python -m bench
	$(BIN)/python -m bench.bench_api
	$(BIN)/python -m bench.extraction_public
	$(BIN)/python -m bench.crawl_scaled

# Long fault injection: many seeded SIGKILLs of a crawl; 0 lost, 0 duplicated or exit 1.
soak: $(STAMP)
	$(BIN)/python -m bench.soak --kills 30

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
