# Gemeinwerk. `make run` serves the platform with demo data, `make test` runs every check.
# Both set up what they need and redo only what changed since the last time.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
ROOM_PYTEST_ARGS ?=

STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
NODE_STAMP := node_modules/.installed
FRONTEND_STAMP := build/static/.built
PO_FILES := $(wildcard gemeinwerk/locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
FRONTEND_SOURCES := $(shell find frontend/src -type f 2>/dev/null)

.PHONY: help run test lint jstest pytest bench bench-chat bench-market bench-pages bench-speed setup setup-dev frontend compilemessages messages system-packages upgrade clean

help:
	@echo "make run     set up and serve Gemeinwerk with demo data at http://$(HOST):$(PORT) (PORT=... changes it)"
	@echo "make test    the whole suite: lint, type checks, migrations check, unit and browser tests"
	@echo "make lint    ruff, mypy, the migrations check and ESLint only"
	@echo "make jstest  the JavaScript unit tests (node --test frontend/tests)"
	@echo "make bench   benchmarks on this machine (SLOW=1 for the heavy sizes), see docs/performance.md"
	@echo "make bench-pages  bytes a first and a repeat visit transfer, in production settings"
	@echo "make bench-speed  requests per second of the public pages against a bare view"
	@echo "make bench-chat   chat delivery latency and memory per connection (PostgreSQL and Redis)"
	@echo "make bench-market neighbourhood-help search and browse times in a city (PostgreSQL)"
	@echo "make messages  extract new strings into the de/pl/en catalogues (needs GNU gettext)"
	@echo "make upgrade   refresh the Python lock files in requirements/ to the newest allowed versions"
	@echo "make clean   remove generated files (keeps the demo database)"

# Python packages come from the lock files in requirements/ (exact versions with hashes),
# never "whatever is newest"; `make upgrade` refreshes them. The project itself is an
# editable install, built by the locked setuptools without build isolation.
$(STAMP_RUN): pyproject.toml requirements/run.txt
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		python=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$python"; \
		rm -rf $(VENV) && "$$python" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install -qq --disable-pip-version-check --require-hashes --no-deps -r requirements/run.txt
	$(PY) -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(STAMP_DEV): $(STAMP_RUN) requirements/dev.txt
	$(PY) -m pip install -qq --disable-pip-version-check --require-hashes --no-deps -r requirements/dev.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js with npm is needed for the front-end assets: apt-get install nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The build subsets KERN's fonts with fontTools, so it needs the Python packages too.
$(FRONTEND_STAMP): $(STAMP_RUN) $(NODE_STAMP) frontend/build.mjs frontend/subset_fonts.py $(FRONTEND_SOURCES)
	PYTHON=$(PY) node frontend/build.mjs

frontend: $(FRONTEND_STAMP)

%.mo: %.po $(STAMP_RUN)
	$(PY) scripts/compile_messages.py $<

compilemessages: $(MO_FILES)

setup: $(STAMP_RUN) $(FRONTEND_STAMP) $(MO_FILES)

setup-dev: setup $(STAMP_DEV)

run: setup
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py seed_demo
	@$(PY) manage.py daily --verbosity 0
	@HOST=$(HOST) PORT=$(PORT) scripts/serve

system-packages:
	@scripts/ensure-system-packages

lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy gemeinwerk tests bench
	$(PY) manage.py makemigrations --check --dry-run --verbosity 1
	node_modules/.bin/eslint --max-warnings 0 frontend

# The front end's logic without a browser (frontend/tests/*.test.mjs); the page itself
# is tested in tests/browser.
jstest: $(NODE_STAMP)
	node --test --disable-warning=ExperimentalWarning --test-reporter=spec frontend/tests/*.test.mjs

# The tests without a browser run on every core (pytest-xdist; each worker has its own
# test database and, with REDIS_URL, its own Redis database); the browser tests on two
# workers, whole modules each, every worker with its own server (tests/browser/conftest.py).
WORKERS ?= auto
BROWSER_WORKERS ?= 2
pytest: system-packages setup-dev
	$(PY) -m pytest -n $(WORKERS) --ignore=tests/browser $(PYTEST_ARGS)
	$(PY) -m pytest -n $(BROWSER_WORKERS) --dist loadfile tests/browser $(PYTEST_ARGS)
	scripts/in-loopback-netns $(PY) -m pytest tests/browser/room $(ROOM_PYTEST_ARGS)

# System packages first: a missing Chromium is reported before anything else runs.
test: system-packages lint jstest pytest

# Benchmarks on this machine (see docs/performance.md); SLOW=1 adds the heavy sizes.
# The chat and city benchmarks run outside the loopback namespace: they need the
# machine's PostgreSQL (and Redis, for chat); CHAT_BENCH_ARGS and MARKET_BENCH_ARGS are
# their options.
bench: system-packages setup-dev
	scripts/in-loopback-netns $(PY) bench/room_mesh.py $(if $(SLOW),--slow) $(BENCH_ARGS)
	$(PY) bench/chat_live.py $(CHAT_BENCH_ARGS)
	$(PY) bench/market_search.py $(MARKET_BENCH_ARGS)

# Chat under load: 200 and 1,000 WebSocket clients on two server processes sharing
# PostgreSQL and Redis (both must run); about 2.5 minutes. BENCH_ARGS="--sizes 200" etc.
bench-chat: setup
	$(PY) bench/chat_live.py $(BENCH_ARGS)

# Neighbourhood help in a city (100,000 listings, bench/market_city.py; generated once,
# about two minutes, then reused): browse and search times against a bare view, on
# PostgreSQL; about five minutes. BENCH_ARGS="--explain" adds the queries and plans.
bench-market: setup
	$(PY) bench/market_search.py $(BENCH_ARGS)

# Page weight in production settings (a throw-away installation with demo data); seconds.
bench-pages: setup
	$(PY) bench/page_weight.py

# Page speed in production settings, served by uvicorn (extra listings by the test
# factories, hence setup-dev); a few minutes. BENCH_ARGS="--profile" shows where time goes.
bench-speed: setup-dev
	$(PY) bench/page_speed.py $(BENCH_ARGS)

messages: setup
	$(PY) manage.py makemessages --locale de --locale pl --locale en --add-location file --no-obsolete \
		--ignore 'node_modules/*' --ignore 'build/*' --ignore '.venv/*' --ignore 'var/*'
	$(MAKE) compilemessages

# The dev lock is resolved first; the run lock is then held to the same versions, so a
# developer's machine and production run the same packages. UPGRADE="--upgrade-package
# django" refreshes one package only.
UPGRADE ?= --upgrade
LOCK := $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.12 --generate-hashes \
	--custom-compile-command 'make upgrade'
upgrade: setup-dev
	$(LOCK) $(UPGRADE) pyproject.toml requirements/build.in requirements/tools.in --extra dev \
		-o requirements/dev.txt
	$(LOCK) pyproject.toml requirements/build.in -c requirements/dev.txt -o requirements/run.txt
	@echo "Lock files refreshed: review 'git diff requirements/', then run make test."

clean:
	rm -rf build node_modules .mypy_cache .ruff_cache var/test-*
	find gemeinwerk -name '*.mo' -delete
