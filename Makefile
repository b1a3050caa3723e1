# Claim Workbench. Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1

.PHONY: run test venv migrate demo worker beat lint check-deploy clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

## run: the embedded default (SQLite under data/, tasks in-process, demo loaded)
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite, on SQLite and on PostgreSQL+pgvector, with a real Celery worker
test: venv
	$(PY) scripts/run_tests.py $(ARGS)

## worker / beat: Celery processes for the production shape (needs REDIS_URL)
worker: venv
	$(VENV)/bin/celery -A workbench worker --loglevel=INFO
beat: venv
	$(VENV)/bin/celery -A workbench beat --loglevel=INFO

check-deploy: venv
	DJANGO_SETTINGS_MODULE=workbench.settings.production SECRET_KEY=$$(openssl rand -hex 32) \
		ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles
