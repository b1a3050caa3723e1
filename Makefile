# Claim Workbench. Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1

.PHONY: run test venv system-deps chromium migrate demo worker beat lint check-deploy clean backup restore verify-backup train-checkworthiness reranker crosslingual-weights

# Debian packages: Pango and HarfBuzz for WeasyPrint (PDF reports), a font,
# and poppler-utils, whose pdftoppm the PDF report test uses.
SYSTEM_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

## run: the embedded default (SQLite under data/, demo loaded): the site and a Celery
## worker on the embedded broker (files under data/broker), no Redis; Ctrl-C stops both
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) scripts/run_embedded.py --host $(HOST) --port $(PORT)

## system-deps: install the missing SYSTEM_DEBS with apt-get (nothing when all are there)
system-deps:
	@missing=$$(for deb in $(SYSTEM_DEBS); do dpkg -s $$deb >/dev/null 2>&1 || echo $$deb; done); \
	if [ -n "$$missing" ]; then \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		echo "Installing Debian packages:" $$missing; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## test: the whole suite, on SQLite and on PostgreSQL+pgvector, with a real Celery worker
test: venv system-deps chromium
	$(PY) scripts/run_tests.py $(ARGS)

## chromium: Debian's Chromium for the browser tests (Playwright never downloads one)
chromium:
	@test -x /usr/bin/chromium || { \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		echo "Installing Debian's chromium for the browser tests"; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq chromium; \
	}

## train-checkworthiness: rebuild the packaged check-worthiness model byte for byte from
## ClaimBuster (../shared/data); reranker: rewrite the shipped, untrained re-ranker
train-checkworthiness: venv
	$(PY) manage.py train_checkworthiness
reranker: venv
	$(PY) -m claims.retrieval.fusion

## crosslingual-weights: the research variant of the cross-language ranker (fitted against CheckThat! vclaims: never shipped; needs ../shared) into crosslingual-research.json
crosslingual-weights: venv
	HF_HUB_OFFLINE=1 $(PY) manage.py evaluate crosslingual --fit --out crosslingual-research.json

## messages: the interface's catalogs (README "Languages of the interface"): gathers the
## marked strings into locale/<lang>/LC_MESSAGES/django.po (needs GNU gettext), then
## compiles the .mo files, which are committed (nothing compiles at run time)
LANGS := es fr
MESSAGES_IGNORE := --ignore '.venv' --ignore 'data' --ignore 'staticfiles' --ignore 'tests' --ignore 'bench' --ignore 'scripts'
.PHONY: messages
messages: venv
	$(PY) manage.py makemessages $(foreach l,$(LANGS),-l $(l)) --add-location file $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages $(foreach l,$(LANGS),-l $(l)) $(MESSAGES_IGNORE)

## attribution-model: rebuild the learned relation filter byte for byte from our own
## annotated sentences (claims/training/data; README "Learned relation filter")
.PHONY: attribution-model
attribution-model: venv
	$(PY) -m claims.training.attribution_data
	$(PY) -m claims.training.attribution_filter

## worker / beat: Celery processes for the production shape (needs REDIS_URL)
worker: venv
	$(VENV)/bin/celery -A workbench worker --loglevel=INFO
beat: venv
	$(VENV)/bin/celery -A workbench beat --loglevel=INFO

## backup / restore / verify-backup: the database to a file and back (scripts/backup.py).
## backup writes backups/workbench-<UTC time>.* (or OUT=path); restore FILE=path refuses a
## database with tables unless FORCE=1. BACKUP_VIA=compose runs pg_dump/pg_restore inside
## docker compose's db service. Plain python3 will do: no venv is needed for these.
BACKUP := $(if $(wildcard $(PY)),$(PY),$(PYTHON)) scripts/backup.py $(if $(BACKUP_VIA),--via $(BACKUP_VIA))
backup:
	$(BACKUP) backup $(if $(OUT),--output '$(OUT)')
restore:
	@test -n '$(FILE)' || { echo 'usage: make restore FILE=backups/workbench-....dump [FORCE=1]' >&2; exit 2; }
	$(BACKUP) restore '$(FILE)' $(if $(filter 1 yes true,$(FORCE)),--force)
verify-backup:
	@test -n '$(FILE)' || { echo 'usage: make verify-backup FILE=backups/workbench-....dump' >&2; exit 2; }
	$(BACKUP) verify '$(FILE)'

check-deploy: venv
	DJANGO_SETTINGS_MODULE=workbench.settings.production SECRET_KEY=$$(openssl rand -hex 32) \
		ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles
