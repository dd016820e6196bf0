# depeche: two commands on a fresh machine with only Python 3.11.
#   make demo   set up .venv, run the extractor on the founding article, print a summary
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

demo: $(STAMP)
	$(BIN)/depeche extract samples/000_b8d7f4ff9823a7be.txt --format pretty

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-all: $(STAMP)
	$(BIN)/python -m pytest -q -m ""

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
