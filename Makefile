# politidok — the commands a council secretary and a developer need. `make` (or `make help`) lists them.
#   make agreement REGION=hallingdal   build the cooperation agreement (does its own setup)
#   make test                          run the tests (real LibreOffice, poppler, PDFBox)

.DEFAULT_GOAL := help
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help locale lint fuzz bench bench-scale test-councils profile unoserver alle setup system system-test warm stop agreement invitations minutes report next-year all check status docs new-region test test-fast test-integration lint-imports clean

# The build targets use the warm server (politidok and LibreOffice kept running on
# loopback, stopping after 20 idle minutes) and start it when there is something to build, so
# a repeated `make` skips their start. POLITIDOK_SERVER=off builds without it; `make stop`
# stops it. A build gives the same bytes with or without it.
BUILD = POLITIDOK_SERVER=$${POLITIDOK_SERVER:-auto} $(PY) -m politidok bygg

# need-REGION, need-YEAR, need-NAME (first prerequisites): stop at once, with a clear message, when the
# variable is not given
REGIONS := $(sort $(notdir $(patsubst %/avtale.yaml,%,$(wildcard agreements/*/avtale.yaml))))
EXAMPLE_REGION = hallingdal
EXAMPLE_YEAR = 2025
EXAMPLE_NAME = nordland
need-%:
	@$(if $($*),:,echo "Oppgi $*, f.eks. «make $(firstword $(MAKECMDGOALS)) $*=$(EXAMPLE_$*)»$(if $(filter REGION,$*), – regionene: $(REGIONS))." >&2; exit 2)

help:
	@echo "politidok – dokumentene til et politiråd. Bruk: make MÅL [REGION=…] [YEAR=…]"
	@echo ""
	@echo "  make agreement REGION=hallingdal    samarbeidsavtalen (gjør oppsettet selv første gang)"
	@echo "  make invitations REGION=hallingdal  innkallinger, kalenderfiler og møtepakker"
	@echo "  make minutes REGION=hallingdal      referater (og offentlige versjoner)"
	@echo "  make report REGION=hallingdal YEAR=2025     evalueringsrapporten for året"
	@echo "  make all REGION=hallingdal          alt regionen har"
	@echo "  make build-TYPE REGION=hallingdal   én dokumenttype (typene: politidok bygg --hjelp)"
	@echo "  make check REGION=hallingdal        kontrollerer YAML-filene og malene uten å lage noe"
	@echo "  make status REGION=hallingdal       hva som er bygget, endret, sendt, arkivert og stoppet"
	@echo "  make next-year REGION=hallingdal YEAR=2025  startfilene for året etter"
	@echo "  make new-region NAME=navn           en ny region til utfylling"
	@echo "  make alle                           alle regionene i én kjøring"
	@echo "  make stop                           stopper den varme tjeneren (politidok tjener status viser den)"
	@echo ""
	@echo "  make setup | test | test-fast | lint | docs | locale | bench | profile | clean"
	@echo ""
	@echo "Regionene her: $(REGIONS)"

$(STAMP): pyproject.toml
	@$(PY) -m politidok tjener stopp >/dev/null 2>&1 || true  # a warm server must not outlive its packages
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# politidok's bytecode, compiled again when a source file changes: some machines set
# PYTHONDONTWRITEBYTECODE, and Python would then compile politidok in every run (~45 ms)
BYTECODE := $(VENV)/.bytecode
$(BYTECODE): $(STAMP) $(shell find politidok -name '*.py' 2>/dev/null)
	@$(PY) -m compileall -q politidok >/dev/null || true
	@touch $@

setup: $(STAMP) system-test
	@git rev-parse --git-dir >/dev/null 2>&1 && git config diff.docx.textconv "$(PY) -m politidok dump-text" || true

system:
	@bash scripts/system-deps.sh runtime

system-test:
	@bash scripts/system-deps.sh test

warm: $(BYTECODE) system
	$(PY) -m politidok tjener start

stop:
	@$(PY) -m politidok tjener stopp 2>/dev/null || true

# The document kinds each of these builds are declared by the kinds themselves
# (politidok/documents/*.py, `make_target`); `make build-KIND` builds any one kind.
agreement invitations minutes report: need-REGION $(BYTECODE) system
	$(BUILD) $(REGION) --make-target $@ $(if $(YEAR),--år $(YEAR))

build-%: need-REGION $(BYTECODE) system
	$(BUILD) $(REGION) --bare $* $(if $(YEAR),--år $(YEAR))

next-year: need-REGION need-YEAR $(STAMP)
	$(PY) -m politidok nytt-år $(REGION) --år $(YEAR)

all: need-REGION $(BYTECODE) system
	$(BUILD) $(REGION)

# every region under agreements/ in one run (one set of LibreOffices for all)
alle: $(BYTECODE) system
	POLITIDOK_SERVER=off $(PY) -m politidok bygg --alle

check: need-REGION $(STAMP)
	$(PY) -m politidok sjekk $(REGION)

# built, changed, sent, archived and blocked documents, and what next-year carries over
status: need-REGION $(STAMP)
	$(PY) -m politidok status $(REGION)

docs: $(STAMP)
	$(PY) -m politidok veiledning

# the command line's catalog (click's texts in bokmål): the .po is the source, the .mo is committed
# (tests/unit/test_norsk.py fails when they differ)
locale: $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -D politidok -d politidok/locale -l nb

new-region: need-NAME $(STAMP)
	$(PY) -m politidok ny-region $(NAME)

# make test = the import layers, the fast unit tests, then the integration suite (real
# LibreOffice, poppler, PDFBox). Each suite runs with its own temporary cache folder.
test: $(STAMP) system-test lint
	$(PY) -m pytest

# the unit tests but the slow ones (fuzzing, hostile input, pyHanko, the CLI in a subprocess), on every core;
# `make test` runs them all, and `make lint`
test-fast: $(STAMP)
	$(PY) -m pytest tests/unit -m "not slow" -n auto -q

test-integration: $(STAMP) system-test
	$(PY) -m pytest tests/integration

lint-imports: $(STAMP)
	$(VENV)/bin/lint-imports

# the habits of a maintained project: ruff's rules and format, the types (mypy, [tool.mypy]), the import layers
lint: $(STAMP)
	$(VENV)/bin/ruff check politidok tests benchmarks
	$(VENV)/bin/ruff format --check politidok tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# generated input through `politidok check`, in-process (no LibreOffice): make fuzz N=2000 (examples per strategy)
fuzz: $(STAMP)
	POLITIDOK_FUZZ_N=$(if $(filter command line,$(origin N)),$(N),1000) $(PY) -m pytest tests/unit/test_fuzz.py -q -s -p no:cacheprovider

bench: $(BYTECODE) system
	$(PY) benchmarks/bench.py $(if $(SCALE),--scale $(SCALE))

N ?= 50
bench-scale: $(BYTECODE) system
	$(PY) benchmarks/scale.py $(N)

# N generated councils (1–12 municipalities, Sami names, long titles, optional facts), built for real
test-councils: $(STAMP) system-test
	POLITIDOK_COUNCILS=$(N) $(PY) -m pytest tests/integration/test_generated_councils.py -q

profile: $(BYTECODE) system
	$(PY) benchmarks/profile.py $(or $(REGION),hallingdal) --warm

# unoserver's server side (for POLITIDOK_CONVERTER=unoserver:… and its test, docs/konvertering.md):
# a venv of the system Python, which has LibreOffice's uno module
UNOSERVER_VENV ?= $(HOME)/.cache/politidok-unoserver
unoserver:
	/usr/bin/python3 -m venv --system-site-packages $(UNOSERVER_VENV)
	$(UNOSERVER_VENV)/bin/pip install --quiet --disable-pip-version-check unoserver
	@echo "unoserver: $(UNOSERVER_VENV)/bin/unoserver"

clean: stop
	rm -rf output/* $(VENV) .pytest_cache
