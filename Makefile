# ckptlab: `make lab` to learn, `make test` to check everything. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CLASSROOM_STAMP := $(VENV)/.installed-classroom
PROXY_VERSION := 5.3.0
SUBMITTED ?= submitted

.PHONY: setup lab test check grade release bench bench-class classroom clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "ckptlab needs Python 3.11: run make PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -e .
	touch $(STAMP)

# The test tools (pytest, nbval, Playwright) come only with `make test`
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -e '.[test]'
	touch $(TEST_STAMP)

# The classroom: JupyterHub from PyPI, its proxy (configurable-http-proxy) from the npm registry
$(CLASSROOM_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --disable-pip-version-check -e '.[classroom]'
	@command -v npm >/dev/null || { echo "make classroom needs Node.js and npm (Node 20): install them first"; exit 1; }
	npm install --silent --no-audit --no-fund --prefix $(VENV)/chp configurable-http-proxy@$(PROXY_VERSION)
	touch $(CLASSROOM_STAMP)

lab: setup
	$(BIN)/python -m ckptlab.lab

test: $(TEST_STAMP) $(CLASSROOM_STAMP)
	$(BIN)/python -m pytest

# Grade your own notebooks/ as the autograder does (LESSON=01_optimizer_state for one lesson): every
# check, passed or why not, and where the feedback page is
check: setup
	$(BIN)/python autograder/grade.py --check $(LESSON)

# Autograde every submission in $(SUBMITTED) (a folder per student, or an LMS .zip), $(JOBS) at a
# time (default: one per core); feedback, grades.csv and summary.txt in .grading/
grade: setup
	$(BIN)/python autograder/grade.py $(SUBMITTED) --workdir .grading $(if $(JOBS),--jobs $(JOBS))

# Regenerate the learner notebooks (notebooks/) from the sources (solutions/)
release: setup
	$(BIN)/python autograder/grade.py --release

# Benchmarks (about 8 minutes; leave the machine idle): writes benchmarks/results.md and results.json
bench: setup
	$(BIN)/python benchmarks/bench.py

# Whole-class grading, 20 submissions serial vs parallel, 5 runs each (about 9 minutes on 2 cores):
# writes benchmarks/class_grading.json, which `make bench` quotes
bench-class: setup
	$(BIN)/python benchmarks/grading_speedup.py --repeat 5 --json benchmarks/class_grading.json

# A JupyterHub on this machine with an instructor (Formgrader) and students (Assignment List) and
# nbgrader's exchange: prints the address and the log-ins; Ctrl+C stops it (autograder/README.md)
classroom: $(CLASSROOM_STAMP)
	$(BIN)/python autograder/classroom.py $(if $(PORT),--port $(PORT))

clean:
	rm -rf .grading .pytest_cache
