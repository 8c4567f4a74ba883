# The two commands of the README: `make run` and `make test`. Only Python 3.11 and make needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test test-postgres lint format migrations-check messages bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py setup_groups
	$(PY) manage.py load_demo --if-empty
	@# The webhook worker and the planned changes' worker (hourly) run beside the server and
	@# stop with it (Ctrl-C ends all three).
	$(PY) manage.py deliver_webhooks & worker=$$!; \
	$(PY) manage.py apply_due_changes --every 3600 & planner=$$!; \
	trap 'kill $$worker $$planner 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# German and Polish: new strings into the .po files (no source locations, so branches that add
# strings do not conflict over line numbers), then compiled. Translate the empty msgstr lines.
messages: install
	$(PY) manage.py makemessages -l de -l pl --no-location --no-obsolete --ignore=.venv --ignore=test-artifacts
	$(PY) manage.py compilemessages --ignore=.venv

bench: install
	$(PY) -m bench $(BENCH_ARGS)

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm
