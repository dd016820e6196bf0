# depeche: two commands on a fresh machine with only Python 3.11.
#   make demo   set up .venv, build demo.duckdb from samples/ and the test articles, serve it
#   make test   set up .venv, run the test suite (slow suites: make test-all)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-all bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo's token lets you POST articles to /api/articles (DEPECHE_TOKEN=... make demo).
DEPECHE_TOKEN ?= demo
DEMO_DB := demo.duckdb

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/depeche ingest --db $(DEMO_DB) samples/ tests/data/story tests/data/wikinews/*.json
	DEPECHE_TOKEN=$(DEPECHE_TOKEN) $(BIN)/depeche serve --db $(DEMO_DB)

test: $(STAMP)
	sh scripts/ensure_chromium.sh
	sh scripts/ensure_axe.sh
	$(BIN)/python -m pytest -q

test-all: $(STAMP)
	sh scripts/ensure_chromium.sh
	sh scripts/ensure_axe.sh
	$(BIN)/python -m pytest -q -m ""

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) node_modules build dist src/*.egg-info .pytest_cache
