# lvzhi: the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := lvzhi/static/vendor
APT_TEST_PACKAGES := chromium fonts-arphic-gkai00mp fonts-noto-cjk gettext libreoffice-writer-nogui libpango-1.0-0 libpangoft2-1.0-0 poppler-utils redis-server
PYTEST_ARGS ?=

.PHONY: install install-dev assets messages system-deps demo run test test-db test-bundle lint ci bench bench-load bundle screenshots

# Runtime: the virtualenv, the package, the front-end assets, the compiled translations.
install: $(VENV)/.installed $(VENDOR)/.installed messages

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Development and tests: the dev extras too.
install-dev: install $(VENV)/.installed-dev

$(VENV)/.installed-dev: pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# Bootstrap, its icons and ECharts from npm (pinned in frontend/package-lock.json), copied into the package's
# static files so that lvzhi serves them itself; the repository holds no third-party code.
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/echarts
	cp frontend/node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/
	cp frontend/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp -r frontend/node_modules/bootstrap-icons/font/bootstrap-icons.min.css frontend/node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp frontend/node_modules/bootstrap/LICENSE $(VENDOR)/bootstrap/LICENSE
	cp frontend/node_modules/bootstrap-icons/LICENSE $(VENDOR)/bootstrap-icons/LICENSE
	cp frontend/node_modules/echarts/dist/echarts.min.js frontend/node_modules/echarts/LICENSE $(VENDOR)/echarts/
	touch $@

messages: $(VENV)/.installed
	$(BIN)/lvzhi i18n compile

# Debian packages the browser and document tests need (pango for WeasyPrint, poppler-utils to read PDFs) (installed when run as root; otherwise say what is missing).
system-deps:
	@missing=$$(for p in $(APT_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages (run as root or install them): $$missing"; exit 1; \
	  fi; \
	fi

demo: install
	$(BIN)/lvzhi demo --port $(PORT)

# The web server, a job worker and the scheduler together (Ctrl-C stops all three).
run: install
	$(BIN)/lvzhi migrate --no-input
	$(BIN)/lvzhi serve --port $(PORT)

# The whole suite on SQLite, browser tests included.
test: install-dev system-deps
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# The database-level suite on PostgreSQL (DATABASE_URL must point at a PostgreSQL server).
test-db: install-dev
	$(BIN)/pytest -n auto -m "not browser and not documents and not fuzz" $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=lvzhi.config.settings.test $(BIN)/lvzhi check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=lvzhi.config.settings.test $(BIN)/lvzhi makemigrations --check --dry-run
	$(BIN)/lvzhi i18n check

ci:
	.ci/run

# Timings written to BENCHMARKS.md: the roster at a large district's size, then the province-scale targets on
# SQLite and on PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432; databases lvzhi_synth_bench_*).
# Scale: BENCH_COMMITTEES (300), BENCH_SCALE_MEMBERS (300), BENCH_YEARS (3); quicker: BENCH_COMMITTEES=30 make bench;
# BENCH_ENGINES=sqlite for one engine, BENCH_SCALE=0 for the district rows only (see benchmarks/scale.py).
bench: install-dev
	$(BIN)/python benchmarks/run.py
	$(MAKE) bench-load

# lvzhi under load on loopback: gunicorn + PostgreSQL (LOAD_PG, default postgres://postgres@127.0.0.1:5432) + locust.
bench-load: install-dev
	$(BIN)/python benchmarks/load.py

# The user guide's screenshots (docs/img/), redrawn by the browser tests that show those pages at work.
screenshots: install-dev system-deps
	LVZHI_GUIDE_SHOTS=1 $(BIN)/pytest -n 0 -m browser tests/browser -k "filters_the_member_list or from_registered_to_closed or checks_in_on_a_phone or draws_charts or from_draft_to_closed"

# The offline install bundle for intranet machines (docs/deploy.md): wheels of lvzhi and every dependency,
# the collected static files and the install script, in dist/lvzhi-bundle.tar.gz.
BUNDLE := dist/bundle
bundle: install
	rm -rf $(BUNDLE) dist/lvzhi-bundle.tar.gz && mkdir -p $(BUNDLE)/wheels
	$(BIN)/python -m pip wheel --quiet --wheel-dir $(BUNDLE)/wheels .
	rm -rf build
	DJANGO_SETTINGS_MODULE=lvzhi.config.settings.production LVZHI_HOME=$(BUNDLE)/home \
	  LVZHI_SECRET_KEY=bundle-build-only LVZHI_FIELD_KEY=YnVuZGxlLWJ1aWxkLW9ubHktYnVuZGxlLWJ1aWxkLW8= \
	  DATABASE_URL=sqlite:///:memory: $(BIN)/lvzhi collectstatic --no-input --verbosity 0
	mv $(BUNDLE)/home/static $(BUNDLE)/static && rm -rf $(BUNDLE)/home
	cp deploy/install-bundle.sh deploy/*.service deploy/lvzhi.env.example deploy/nginx-lvzhi.conf $(BUNDLE)/
	tar czf dist/lvzhi-bundle.tar.gz -C dist bundle
	@echo "dist/lvzhi-bundle.tar.gz: $$(ls $(BUNDLE)/wheels | wc -l) wheels, $$(du -sh dist/lvzhi-bundle.tar.gz | cut -f1)"

# Installs the bundle into a new virtualenv with the network switched off, and checks it.
test-bundle: bundle install-dev
	LVZHI_BUNDLE=$(BUNDLE) $(BIN)/pytest -n 0 -m bundle tests/ops/test_bundle.py
