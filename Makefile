# The two commands of the README: `make up` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: up test install browser build serve bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11+ is needed (set PYTHON=python3.x)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## make up: set everything up, build the database from the shipped corpus, serve Datasette on 127.0.0.1:8001
up: $(STAMP)
	$(BIN)/casebook up

build: $(STAMP)
	$(BIN)/casebook build

serve: $(STAMP)
	$(BIN)/casebook serve

## make test: the whole test suite (no network); pytest's "no tests ran" (exit 5) counts as a failure
test: $(STAMP) browser
	CASEBOOK_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

## the browser tests use Debian's chromium; install it once if it is missing (needs root and apt)
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "Installing chromium for the browser tests (apt-get)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

bench: $(STAMP)
	$(BIN)/python bench/annotator_speed.py
	$(BIN)/python bench/case_linking.py tests/gold/dev.jsonl tests/gold/project.jsonl
	$(BIN)/python bench/redaction.py
	@if [ -f ../shared/bulk/doj-opa-2009-2018.jsonl.gz ]; then \
	  $(BIN)/python bench/annotator_speed.py --bulk && $(BIN)/python bench/accuracy.py && \
	  $(BIN)/python bench/extraction.py && $(BIN)/python bench/case_linking.py; \
	else echo "../shared is absent: skipping the bulk speed and accuracy benchmarks"; fi

clean:
	rm -rf $(VENV) db/*.db corpus/.cache .pytest_cache
