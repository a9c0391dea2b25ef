PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed

.PHONY: run test index setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,browser,postgres]'
	touch $(STAMP)

setup: $(STAMP)

index: $(STAMP)
	$(BIN)/search reindex

run: index
	PORT=$(PORT) $(BIN)/search serve --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) index/gen-* index/CURRENT
