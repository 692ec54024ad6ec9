# Fazhi — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FAZHI := $(BIN)/fazhi
PYTEST_ARGS ?= -n 2

.PHONY: run test test-only browser bench-tools lint format typecheck imports openapi openapi-check bench bench-scale clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (需要 Python 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

## run: install, migrate the embedded SQLite database under var/, import the laws corpus once
## (when CORPUS exists; about a minute and a half the first time), load the demo, serve on 127.0.0.1:8000
CORPUS ?= ../shared/corpus/lawrefbook

run: $(VENV)/.installed-run
	$(FAZHI) migrate --no-input
	@if [ -d "$(CORPUS)" ]; then $(FAZHI) laws import-lawrefbook "$(CORPUS)" --once; \
	  else echo "法律法规语料不在 $(CORPUS)，法规库为空 / no corpus at $(CORPUS): the laws library stays empty (make run CORPUS=PATH)"; fi
	$(FAZHI) demo
	$(FAZHI) serve

## test: install the dev tools and the browser, then run the whole suite
test: $(VENV)/.installed-dev browser test-only

test-only:
	$(BIN)/pytest $(PYTEST_ARGS)

## browser: Debian's Chromium for the page tests (needs root or sudo once)
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	  else echo "Chromium is missing: the browser tests will be skipped (apt-get install chromium)"; fi; }

## bench-tools: Debian's wrk, the HTTP load generator of the benchmarks (needs root or sudo once)
bench-tools:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; \
	  else echo "wrk is missing: the HTTP benchmarks use a Python client instead (apt-get install wrk)"; fi; }

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy fazhi
	$(BIN)/lint-imports

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=fazhi.settings.test $(FAZHI) openapi_snapshot --write

openapi-check: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=fazhi.settings.test $(FAZHI) openapi_snapshot --check

## bench: the benchmarks in bench/, results printed and kept in bench/results/
bench: $(VENV)/.installed-dev bench-tools
	$(BIN)/python bench/run.py

## bench-scale: law search over 30 times the corpus (about a quarter of an hour on a quiet machine; figures kept for `make bench`)
bench-scale: $(VENV)/.installed-dev
	FAZHI_BENCH_SCALE=1 $(BIN)/python bench/run.py bench_scale

clean:
	rm -rf $(VENV) var
