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

SIZES ?= bundled,10k,50k,100k

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench --sizes $(SIZES)

# The shared evaluation data sits beside the checkout (one level further up from a worktree).
SHARED ?= $(firstword $(wildcard ../shared ../../shared))

eval: $(STAMP)
	@echo "== development questions on the bundled seeds"
	$(BIN)/assistant eval $(SHARED)/eval/dev-questions.jsonl
	@echo "== development questions on real documents, imported as a user would"
	$(BIN)/assistant eval $(SHARED)/eval/real-questions.jsonl --import $(SHARED)/eval/real-docs --skip-lines 1

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
