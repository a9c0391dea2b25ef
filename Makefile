PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed

.PHONY: run serve test check index seeds examples setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,browser,postgres]'
	touch $(STAMP)

setup: $(STAMP)

# The seeds are indexed only when there is no index yet: an index of your own is never replaced.
index: $(STAMP)
	$(BIN)/search reindex --if-missing

# Rebuild the index from the seeds, replacing whatever it held.
seeds: $(STAMP)
	$(BIN)/search reindex --allow-shrink

run: index
	PORT=$(PORT) $(BIN)/search serve --port $(PORT)

# Serve the index as it is (after `search reindex DIR`), without indexing anything.
serve: $(STAMP)
	PORT=$(PORT) $(BIN)/search serve --port $(PORT)

test: check $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Write examples/ again: one small document of each format (tools/make_examples.py).
examples: $(STAMP)
	$(BIN)/python tools/make_examples.py

clean:
	rm -rf $(VENV) index/gen-* index/CURRENT
