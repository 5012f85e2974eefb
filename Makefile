# One command to set up and build, one to test. Needs python3 (3.11+); Java for HermiT.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup build test lint check clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

build: setup  ## the main job: build the embedded store, check the ontology, validate the data
	$(BIN)/narcokg build
	$(BIN)/narcokg ontology check --data
	$(BIN)/narcokg validate --all
	$(BIN)/narcokg report --out report.html

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest -q

clean:
	rm -rf .narcokg build dist *.egg-info
