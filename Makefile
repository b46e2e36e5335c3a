# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# GraphiQL's JS/CSS, fetched from the npm registry so the IDE works offline (git-ignored).
VENDOR       := src/customer_gateway/http/static/vendor
ASSETS_STAMP := $(VENDOR)/.fetched
# The GraphQL-over-HTTP audit suite tests/http runs with node, pinned, also git-ignored.
NODE_PREFIX  := build/node
NODE_STAMP   := $(NODE_PREFIX)/.installed
NODE_TEST_PACKAGES := graphql-http@1.23.1 graphql@16.15.0

.PHONY: demo test lint typecheck install assets node-deps ensure-npm bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# npm fetches both; a fresh Debian machine without it gets Debian's npm when we may install it.
ensure-npm:
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "npm not found: installing Debian's npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else \
	    echo "npm is needed to fetch GraphiQL's files: install Node.js and npm (Debian: sudo apt-get install npm)" >&2; \
	    exit 1; \
	  fi; \
	fi

$(ASSETS_STAMP): src/customer_gateway/http/assets.py | $(STAMP) ensure-npm
	$(BIN)/python -m customer_gateway.http.assets
	touch $@

assets: $(ASSETS_STAMP)

$(NODE_STAMP): Makefile | ensure-npm
	npm install --prefix $(NODE_PREFIX) --no-save --no-package-lock --no-audit --no-fund $(NODE_TEST_PACKAGES)
	touch $@

node-deps: $(NODE_STAMP)

demo: install assets
	$(BIN)/customer-gateway demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

test: lint typecheck assets node-deps
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench

schema: install
	$(BIN)/customer-gateway export-schema > schema.graphql

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build $(VENDOR)
