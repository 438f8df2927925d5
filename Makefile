# Two commands: `make lab` (set up, then open the course) and `make test`
# (set up, then run everything CI runs). Set-up is skipped when nothing changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Extra arguments for `jupyter lab`, e.g. make lab LAB_ARGS="--no-browser --port=8899"
LAB_ARGS ?=
# pytest-xdist workers; --dist loadfile keeps a notebook's cells on one worker (one kernel)
WORKERS ?= 2

export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONHASHSEED := 0
# Kernels started by the tests read tests/ipython (no fd-level stderr capture)
export MPLBACKEND := Agg

NOTEBOOK_DIRS := $(wildcard course exercises solutions)

.PHONY: help setup system-deps lab instructor test test-unit test-notebooks test-browser lint sync \
        execute exercises bench audit mutate site lock clean

help:
	@echo "make lab    set up (first time only) and open the course in JupyterLab"
	@echo "make test   set up (first time only) and run the whole test suite"
	@echo "make instructor  the course in JupyterLab with the instructor tools (nbgrader)"
	@echo "make bench  print the speed table (diagrams, explanations, lessons, widgets)"
	@echo "make audit  run every exercise check against its corpus of right and wrong answers"
	@echo "make mutate run every mutant of every solution cell against its check"
	@echo "make sync   write each notebook's py:percent pair (after editing in JupyterLab)"
	@echo "make execute  re-run every notebook top to bottom and save its outputs"
	@echo "make site   write site/: the course as web pages that open offline (site/index.html)"

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

# Graphviz (for keras.utils.plot_model) and Chromium (for the browser test).
system-deps:
	@bash tools/install-system-deps.sh

# tools/lab.sh starts JupyterLab with the course's configuration (jupyter/README.md):
# the student's view hides nbgrader; both views skip the news toast.
lab: setup
	@bash tools/install-system-deps.sh graphviz
	JUPYTER=$(BIN)/jupyter bash tools/lab.sh student $(LAB_ARGS)

# The same course with the instructor tools (nbgrader's menu and panels) enabled.
instructor: setup
	@bash tools/install-system-deps.sh graphviz
	JUPYTER=$(BIN)/jupyter bash tools/lab.sh instructor $(LAB_ARGS)

lint: setup
	$(BIN)/ruff check nnteach tests bench tools $(NOTEBOOK_DIRS)
	$(BIN)/ruff format --check nnteach tests bench tools

test: setup system-deps lint
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile tests $(NOTEBOOK_DIRS) \
	    --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

test-unit: setup
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile tests -m "not browser"

test-notebooks: setup
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile $(NOTEBOOK_DIRS) \
	    --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg

sync: setup
	$(BIN)/jupytext --sync course/*.ipynb solutions/*.ipynb exercises/*.ipynb

execute: setup
	$(BIN)/python tools/execute_notebooks.py course solutions exercises

exercises: setup
	$(BIN)/nnteach build-exercises solutions --out exercises --force

bench: setup
	$(BIN)/python bench/run.py

# Every exercise check against tests/check_corpus.py over many fresh draws
audit: setup
	$(BIN)/python bench/audit_checks.py; a=$$?; \
	$(BIN)/python bench/audit_checks.py --judge --draws-scale 0.1; j=$$?; \
	$(BIN)/python bench/mutate_checks.py --summary; m=$$?; test $$a -eq 0 -a $$j -eq 0 -a $$m -eq 0

# Every mutant of every solution cell against its task's check (bench/mutation.py)
mutate: setup
	$(BIN)/python bench/mutate_checks.py

# The committed notebooks as HTML pages with their outputs; build output, not committed.
site: setup
	$(BIN)/python tools/build_site.py --out site

lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	( sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable \
	    | grep -v -iE '^(nnteach|pip|setuptools|wheel)[= @]' ) > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache build site *.egg-info .cache
