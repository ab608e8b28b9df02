# Set-up is part of every target: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/assistant

test: $(STAMP)
	$(BIN)/ruff check assistant tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench

eval: $(STAMP)
	$(BIN)/assistant eval ../shared/eval/dev-questions.jsonl

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
