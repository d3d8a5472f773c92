# schemadoc: the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench serve system-deps clean help

help:
	@echo "make demo   - venv + embedded PostgreSQL 18 + sample Marketing DB, snapshot, site in site/ (~1 min first time)"
	@echo "make serve  - make demo, then preview the site at http://127.0.0.1:8000/ (mkdocs serve)"
	@echo "make test   - the whole test suite against real PostgreSQL servers"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - benchmarks (10,000 tables; see bench/README.md)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[demo,dev]'
	touch $(STAMP)

# Debian packages the tests use (pgbouncer, graphviz, chromium); skipped when not root
# or without apt, in which case the tests that need them skip with the reason.
system-deps:
	@bash scripts/system-deps

demo: $(STAMP)
	bash scripts/system-deps
	$(BIN)/schemadoc demo

# Live preview of the demo site; edits to site_src/ rebuild it. Ctrl-C stops it.
serve: demo
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

test: $(STAMP) system-deps
	bash scripts/test

lint: $(STAMP)
	$(BIN)/ruff check generator action tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/diagrams.py

clean:
	rm -rf $(VENV) site .schemadoc build *.egg-info
