# Two commands on a fresh machine: `make run` (main job, embedded store) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run crawl demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Crawl every configured source once into the embedded store, then keep the scheduler
# daemon and the HTTP API running (Ctrl-C stops both).
run: $(STAMP)
	$(BIN)/newswatch crawl
	$(BIN)/newswatch schedule run & daemon=$$!; \
	trap 'kill $$daemon 2>/dev/null; wait $$daemon' EXIT INT TERM; \
	$(BIN)/newswatch serve

crawl: $(STAMP)
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

# System packages (real PostgreSQL, Redis, chromium) are installed when missing; the real
# Elasticsearch test server is fetched from Maven Central once and cached in .cache/.
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

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
