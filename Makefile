# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# GraphiQL's JS/CSS, fetched from the npm registry so the IDE works offline (git-ignored).
VENDOR       := src/customer_gateway/http/static/vendor
ASSETS_STAMP := $(VENDOR)/.fetched
# The GraphQL-over-HTTP audit suite and Apollo Client (persisted queries) that tests/http runs
# with node, pinned, also git-ignored.
NODE_PREFIX  := build/node
NODE_STAMP   := $(NODE_PREFIX)/.installed
NODE_TEST_PACKAGES := graphql-http@1.23.1 graphql@16.15.0 @apollo/client@3.13.9

.PHONY: demo test lint typecheck install assets node-deps ensure-npm ensure-test-tools bench schema dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages set-up uses, installed when missing if we may (root with apt-get, as in CI).
# Each word is command:package; `make demo` needs npm (GraphiQL's files), `make test` the rest too.
# (redis-server: the tests start their own, on loopback with no persistence, for the quota state.)
DEMO_TOOLS := npm:npm
TEST_TOOLS := $(DEMO_TOOLS) curl:curl redis-server:redis-server
define ensure_debian
	@missing=""; for pair in $(1); do \
	  command -v "$${pair%%:*}" >/dev/null || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "set-up needs$$missing: install them (Debian: sudo apt-get install$$missing)" >&2; \
	    exit 1; \
	  fi; \
	fi
endef

ensure-npm:
	$(call ensure_debian,$(DEMO_TOOLS))

ensure-test-tools:
	$(call ensure_debian,$(TEST_TOOLS))

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

test: lint typecheck assets node-deps ensure-test-tools
	$(BIN)/pytest

# The gateway beside Apollo Server 5 from ../shared/perf (bench/peers.py), wrk installed when
# missing; e.g. `make bench BENCH_ARGS="--secs 2 --rounds 1"`. `python -m bench` without
# --peers prints upstream calls per operation instead.
bench: install
	$(call ensure_debian,wrk:wrk)
	$(BIN)/python -m bench --peers $(BENCH_ARGS)

schema: install
	$(BIN)/customer-gateway export-schema > schema.graphql

# dist/customer_gateway-*.whl with GraphiQL's files inside (hatch_build.py): `pip install` it
# on a machine with no npm and no internet, and the IDE still works.
dist: install assets
	$(BIN)/python -m build --wheel --no-isolation --outdir dist

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build dist $(VENDOR)
