# Lan Tỏa: the front door. `make run` starts the demo province, `make test` runs the suite.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run install test bench lint messages migrate demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
	$(PY) manage.py compile_catalogs

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo --if-empty

# gunicorn (waitress where gunicorn does not run) and the task worker; LANTOA_WEB_SERVER chooses (LANTOA_WEB_WORKERS processes,
# default 2-4; REDIS_URL shares the cache across machines). Why and the numbers: lantoa/core/management/commands/serve.py.
run: demo
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py serve --port $(PORT)

# The 30 slowest tests are listed at the end of each run: the suite has to stay well within
# CI's time on 2 cores (.ci/run), and this says where the time goes. On PostgreSQL
# (DATABASE_URL) the tests that empty the database (marker `transactional`, conftest.py) run
# alone after the others, which share the cores: a worker that ran one and then another test
# would find the migrations' rows gone. (On SQLite they are the browser tests, which put
# those rows back themselves.)
test: install
	@sh scripts/ensure_chromium.sh
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest --durations=30 -n auto --dist worksteal $(if $(DATABASE_URL),-m "not transactional")
	$(if $(DATABASE_URL),$(PY) -m pytest --durations=10 -m transactional)

# The portal's requests per second need Debian's wrk: installed here when we are root.
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y wrk >/dev/null; } \
		|| echo "# wrk is missing: run 'sudo apt-get install -y wrk' for the portal benchmark (bench/portal.py)"
	DJANGO_SETTINGS_MODULE=lantoa.settings $(PY) -m bench.run
	DJANGO_SETTINGS_MODULE=lantoa.settings $(PY) -m bench.recovery

.PHONY: guide
# The user guide's screenshots (lantoa/workspace/static/workspace/guide/), over the demo on a
# throwaway database; commit the PNGs it writes.
guide: install
	$(PY) manage.py make_guide

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: install
	$(PY) manage.py makemessages -l vi --no-location -i ".venv/*" -i "var/*" -i "bench/*" -i "locale_upstream/*"
	$(PY) manage.py build_upstream_catalog

clean:
	rm -rf $(VENV) var .pytest_cache
