# politidok — the commands a council secretary and a developer need.
#   make agreement REGION=hallingdal   build the cooperation agreement (does its own setup)
#   make test                          run the tests (real LibreOffice, poppler, PDFBox)

REGION ?= hallingdal
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: lint fuzz bench bench-scale test-councils profile unoserver alle setup system system-test warm stop agreement invitations minutes report next-year all check status docs new-region test test-fast test-integration lint-imports clean

# The build targets use the warm server (politidok and LibreOffice kept running on
# loopback, stopping after 20 idle minutes) and start it when there is something to build, so
# a repeated `make` skips their start. POLITIDOK_SERVER=off builds without it; `make stop`
# stops it. A build gives the same bytes with or without it.
BUILD = POLITIDOK_SERVER=$${POLITIDOK_SERVER:-auto} $(PY) -m politidok build

$(STAMP): pyproject.toml
	@$(PY) -m politidok server stop >/dev/null 2>&1 || true  # a warm server must not outlive its packages
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
	$(PY) -m politidok server start

stop:
	@$(PY) -m politidok server stop 2>/dev/null || true

# The document kinds each of these builds are declared by the kinds themselves
# (politidok/documents/*.py, `make_target`); `make build-KIND` builds any one kind.
agreement invitations minutes report: $(BYTECODE) system
	$(BUILD) $(REGION) --make-target $@ $(if $(YEAR),--year $(YEAR))

build-%: $(BYTECODE) system
	$(BUILD) $(REGION) --only $* $(if $(YEAR),--year $(YEAR))

next-year: $(STAMP)
	$(PY) -m politidok next-year $(REGION) --year $(YEAR)

all: $(BYTECODE) system
	$(BUILD) $(REGION)

# every region under agreements/ in one run (one set of LibreOffices for all)
alle: $(BYTECODE) system
	POLITIDOK_SERVER=off $(PY) -m politidok build --alle

check: $(STAMP)
	$(PY) -m politidok check $(REGION)

# built, changed, sent, archived and blocked documents, and what next-year carries over
status: $(STAMP)
	$(PY) -m politidok status $(REGION)

docs: $(STAMP)
	$(PY) -m politidok guide

new-region: $(STAMP)
	$(PY) -m politidok new-region $(NAME)

# make test = the import layers, the fast unit tests, then the integration suite (real
# LibreOffice, poppler, PDFBox). Each suite runs with its own temporary cache folder.
test: $(STAMP) system-test lint
	$(PY) -m pytest

test-fast: $(STAMP) lint
	$(PY) -m pytest tests/unit

test-integration: $(STAMP) system-test
	$(PY) -m pytest tests/integration

lint-imports: $(STAMP)
	$(VENV)/bin/lint-imports

# the habits of a maintained project: ruff's rules and format, the import layers
lint: $(STAMP)
	$(VENV)/bin/ruff check politidok tests benchmarks
	$(VENV)/bin/ruff format --check politidok tests benchmarks
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
	$(PY) benchmarks/profile.py $(REGION) --warm

# unoserver's server side (for POLITIDOK_CONVERTER=unoserver:… and its test, docs/konvertering.md):
# a venv of the system Python, which has LibreOffice's uno module
UNOSERVER_VENV ?= $(HOME)/.cache/politidok-unoserver
unoserver:
	/usr/bin/python3 -m venv --system-site-packages $(UNOSERVER_VENV)
	$(UNOSERVER_VENV)/bin/pip install --quiet --disable-pip-version-check unoserver
	@echo "unoserver: $(UNOSERVER_VENV)/bin/unoserver"

clean: stop
	rm -rf output/* $(VENV) .pytest_cache
