# smeintl — two commands do everything: `make book` builds, `make test` checks.
# Run `make help` for the list of targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help
# PYTHON only bootstraps uv when it is missing (any Python 3 will do). The project's own Python
# 3.11 is found by uv from pyproject's requires-python, whatever its name (python3.11, pyenv,
# uv-managed); UV_PYTHON=/path/to/python3.11 chooses one.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null || echo _build/uv/bin/uv)
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
# Bytecode: these machines set PYTHONDONTWRITEBYTECODE=1, so every process compiled every module
# it imported, every time (about a third of a build). The project's commands let Python write
# __pycache__ for what they import, on first use (see README, "Expected runtime").
unexport PYTHONDONTWRITEBYTECODE
# Build timings are written under _build/timings (never into the book), with bash's `time`:
# portable, unlike GNU date's nanoseconds.
TIMED = TIMEFORMAT=%3R; mkdir -p _build/timings; { time $(1) 2>&3; } 3>&2 2> _build/timings/$(2).txt

RAW := $(shell find data/raw -type f 2>/dev/null | sort)
LIB := $(shell find src/smeintl -name '*.py' 2>/dev/null | sort)
BOOK_SRC := _config.yml _toc.yml $(shell find book -type f -not -path 'book/generated/*' 2>/dev/null | sort) \
	$(shell find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | sort)

.PHONY: help setup data notebooks book accept lab test lint pytest browser pdf bench audit lock clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'

_build/uv/bin/uv:
	@echo "uv not found: installing it from PyPI into _build/uv"
	$(PYTHON) -m venv _build/uv
	_build/uv/bin/pip install --quiet uv

$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	@$(UV) python find $${UV_PYTHON:-'>=3.11,<3.12'} >/dev/null 2>&1 || { \
	  echo "error: uv finds no Python 3.11 ($${UV_PYTHON:+UV_PYTHON=$$UV_PYTHON, }requires-python in pyproject.toml)." >&2; \
	  echo "  Install one (python.org, pyenv, 'apt-get install python3.11', 'brew install python@3.11'," >&2; \
	  echo "  or 'uv python install 3.11' where github.com is reachable), or point UV_PYTHON at it." >&2; \
	  exit 1; }
	@$(call TIMED,$(UV) sync --frozen --extra dev --quiet,setup)
	@echo "environment ready in $$(cat _build/timings/setup.txt) s (uv sync --frozen from uv.lock)"
	@touch $@

setup: $(VENV)/.installed ## Create .venv from the lock file (uv sync --frozen)

# The stamp only orders the steps; the processed files themselves change (and so trigger the
# render) only when their content does, because the build leaves identical files untouched.
_build/data.stamp: $(RAW) $(LIB) $(VENV)/.installed
	@$(call TIMED,$(PY) -m smeintl data,data)
	@mkdir -p _build && touch $@

data: _build/data.stamp ## Validate data/raw and write data/processed

notebooks: data ## Execute the notebooks that changed into _build/site/notebooks (stamped, parallel)
	@$(call TIMED,$(PY) -m smeintl run,notebooks)

# The generated pages made from the library and the data alone need no notebook, so `make book`
# writes them while the notebooks run (the runner's kernels leave a core partly idle); the
# Figures page, made from the sidecars the notebooks write, comes after them, before the render.
_build/pages.stamp: _build/data.stamp $(BOOK_SRC)  # data.stamp is newer whenever $(RAW) or $(LIB) is
	@$(call TIMED,$(PY) -m smeintl generate --only pages >/dev/null,generate)
	@touch $@

_build/html/index.html: _build/pages.stamp $(BOOK_SRC) $(LIB) $(wildcard data/processed/*.csv) $(wildcard _build/site/notebooks/*.ipynb)
	@$(PY) -m smeintl generate --only figures >/dev/null
	$(PY) -m smeintl render
	@touch $@

book: $(VENV)/.installed ## Build everything: environment, data, notebooks, then the book in _build/html
	@$(MAKE) --no-print-directory -j2 notebooks _build/pages.stamp
	@$(MAKE) --no-print-directory _build/html/index.html

accept: ## Show how the new results differ from the committed notebooks, then copy them over
	$(PY) -m smeintl accept

lab: $(VENV)/.installed data ## JupyterLab on notebooks/, on 127.0.0.1 only (prints the URL)
	@echo "JupyterLab on notebooks/: open the http://127.0.0.1:... URL printed below (Ctrl-C stops it)"
	$(VENV)/bin/jupyter-lab --ip=127.0.0.1 --no-browser --ServerApp.root_dir=notebooks \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

AXE := _build/npm/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1

# What the browser and PDF tests need: Chromium (found on PATH as chromium, chromium-browser or
# google-chrome, or named by SMEINTL_CHROMIUM), pdftotext (poppler) and axe-core (npm). Debian
# packages are installed with apt-get only on Debian/Ubuntu as root; elsewhere this says what to
# install, and the browser test skips with that reason (it must run under CI=true).
browser: $(VENV)/.installed ## Find or install Chromium, pdftotext (Debian, as root) and axe-core (npm)
	@$(PY) -c 'from smeintl.chromium import find_chromium; print(find_chromium() or "")' | grep -q . \
	  && command -v pdftotext >/dev/null 2>&1 && exit 0; \
	if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Chromium or pdftotext not found: installing Debian's chromium and poppler-utils"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	else \
	  echo "Chromium or pdftotext not found, and apt-get as root is not available. Install:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install chromium poppler-utils   Fedora: sudo dnf install chromium poppler-utils"; \
	  echo "  Arch: sudo pacman -S chromium poppler   macOS: brew install --cask chromium; brew install poppler"; \
	  echo "then put Chromium on PATH or set SMEINTL_CHROMIUM=/path/to/chromium."; \
	  echo "Until then the browser and PDF tests are skipped outside CI (and fail under CI=true)."; \
	fi
	@test -f $(AXE) || { \
	  echo "axe-core not found: installing axe-core@$(AXE_VERSION) from npm into _build/npm"; \
	  mkdir -p _build/npm && npm install --prefix _build/npm --no-save --no-audit --no-fund --silent axe-core@$(AXE_VERSION); }

pdf: book browser ## The PDF edition: the single-page HTML build printed by Chromium (_build/html/smeintl.pdf)
	$(PY) -m smeintl.pdf

lint: $(VENV)/.installed ## ruff check and ruff format --check over the library, tests and notebooks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

pytest: book pdf browser ## pytest: library (doctests), data, runner, audit, browser, PDF, strict nbval
	$(VENV)/bin/pytest --nbval

test: lint pytest ## Run every check (ruff, pytest, strict nbval, browser test)

audit: data ## Recompute and classify every numeric claim of the paper
	$(PY) -m smeintl audit

bench: $(VENV)/.installed data ## Time naive vs our builds side by side; rewrites book/bench.json
	$(PY) -m smeintl bench

lock: ## Re-resolve uv.lock and export requirements.txt for conda/Binder
	$(UV) lock
	$(UV) export --frozen --extra dev --no-hashes --no-emit-project --quiet -o requirements.txt

clean: ## Remove built outputs (keeps .venv)
	rm -rf _build book/generated data/processed/*.csv data/processed/*.json data/processed/paper
