# The two commands of the README: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format migrations-check deploy-check messages worker beat clean bench load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# The demo: SQLite by default, Celery eager, DEBUG on, on http://127.0.0.1:8000
run: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite; on PostgreSQL when DATABASE_URL is set, else SQLite.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

deploy-check: install
	DEBUG=false SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))') \
	ALLOWED_HOSTS=grants.example.kr $(BIN)/python manage.py check --deploy --fail-level WARNING

messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l ko --no-obsolete --ignore=.venv --ignore=static --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages -l ko --ignore=.venv

worker: install
	$(BIN)/celery -A config worker -l info

beat: install
	$(BIN)/celery -A config beat -l info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Speed figures (not part of `make test`): the small scenarios of bench/test_bench.py, then the
# national-scale run of bench/national.py in a PostgreSQL database of its own (README: reading it).
bench: install
	$(BIN)/python -m pytest bench -q -s -p no:cacheprovider
	$(BIN)/python -m bench.national

# Load figures (not part of `make test`): gunicorn with 4 workers and wrk, see bench/load.sh.
load: install
	bench/load.sh
