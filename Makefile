# smeintl — two commands do everything: `make book` builds, `make test` checks.
# Run `make help` for the list of targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null || echo _build/uv/bin/uv)
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
export UV_PYTHON := $(PYTHON)

RAW := $(shell find data/raw -type f 2>/dev/null | sort)
LIB := $(shell find src/smeintl -name '*.py' 2>/dev/null | sort)
BOOK_SRC := _config.yml _toc.yml $(shell find book -type f -not -path 'book/generated/*' 2>/dev/null | sort) \
	$(shell find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | sort)

.PHONY: help setup data notebooks book test lint pytest browser pdf bench audit lock clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'

_build/uv/bin/uv:
	@echo "uv not found: installing it from PyPI into _build/uv"
	$(PYTHON) -m venv _build/uv
	_build/uv/bin/pip install --quiet uv

$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	@mkdir -p _build/timings; start=$$(date +%s%N); \
	$(UV) sync --frozen --extra dev --quiet && \
	ms=$$(( ($$(date +%s%N) - start) / 1000000 )) && \
	echo "environment ready in $$ms ms (uv sync --frozen from uv.lock)" && \
	printf '%d.%03d\n' $$((ms / 1000)) $$((ms % 1000)) > _build/timings/setup.txt
	@touch $@

setup: $(VENV)/.installed ## Create .venv from the lock file (uv sync --frozen)

# The stamp only orders the steps; the processed files themselves change (and so trigger the
# render) only when their content does, because the build leaves identical files untouched.
_build/data.stamp: $(RAW) $(LIB) $(VENV)/.installed
	$(PY) -m smeintl data
	@mkdir -p _build && touch $@

data: _build/data.stamp ## Validate data/raw and write data/processed

notebooks: data ## Execute the notebooks that changed (stamped, parallel)
	$(PY) -m smeintl run

_build/html/index.html: $(BOOK_SRC) $(LIB) $(wildcard data/processed/*.csv)
	$(PY) -m smeintl generate
	@mkdir -p _build/timings; start=$$(date +%s%N); \
	$(VENV)/bin/jupyter-book build . -W -n --keep-going --quiet && \
	ms=$$(( ($$(date +%s%N) - start) / 1000000 )) && \
	printf '%d.%03d\n' $$((ms / 1000)) $$((ms % 1000)) > _build/timings/render.txt
	@touch $@

book: notebooks ## Build everything: environment, data, notebooks, then the book in _build/html
	@$(MAKE) --no-print-directory _build/html/index.html

AXE := _build/npm/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1

browser: ## Install what the browser and PDF tests need when missing: Debian chromium and poppler-utils (root), axe-core from npm
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  echo "Chromium or pdftotext not found: installing Debian's chromium and poppler-utils"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }
	@test -f $(AXE) || { \
	  echo "axe-core not found: installing axe-core@$(AXE_VERSION) from npm into _build/npm"; \
	  mkdir -p _build/npm && npm install --prefix _build/npm --no-save --no-audit --no-fund --silent axe-core@$(AXE_VERSION); }

pdf: book browser ## The PDF edition: the single-page HTML build printed by Chromium (_build/html/smeintl.pdf)
	$(PY) -m smeintl.pdf

lint: $(VENV)/.installed ## ruff check and ruff format --check over the library, tests and notebooks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

pytest: book browser ## pytest: library, data, runner, audit, book in a browser, strict nbval
	$(VENV)/bin/pytest --nbval

test: lint pytest ## Run every check (ruff, pytest, strict nbval, browser test)

audit: data ## Recompute and classify every numeric claim of the paper
	$(PY) -m smeintl audit

bench: $(VENV)/.installed data ## Time naive vs stamped builds side by side
	$(PY) -m smeintl bench

lock: ## Re-resolve uv.lock and export requirements.txt for conda/Binder
	$(UV) lock
	$(UV) export --frozen --extra dev --extra lab --no-hashes --no-emit-project --quiet -o requirements.txt

clean: ## Remove built outputs (keeps .venv)
	rm -rf _build book/generated data/processed/*.csv data/processed/*.json data/processed/paper
