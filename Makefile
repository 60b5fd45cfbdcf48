# Two commands do all set-up on a fresh machine:
#   make example   create .venv, install cyp, lint and build the example plan and
#                  its annual review (example-plan/dist/review.html)
#   make test      create .venv, install cyp with test extras, run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: example test lint bench screenshot clean readme-rules

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[build,test]'
	touch $(STAMP)

# The review report needs a history: make-example-history.py builds a small one (a
# published tag v2011 and a year's changes) in a temporary repository, removed after.
example: $(STAMP)
	$(BIN)/cyp lint example-plan
	$(BIN)/cyp build example-plan
	$(BIN)/cyp build example-plan --edition children --format html
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(BIN)/python scripts/make-example-history.py "$$tmp/history" && \
	  $(BIN)/cyp review "$$tmp/history/example-plan" --from v2011 --to HEAD \
	    --format html --as-of 2012-06-01 --out example-plan/dist

# pytest exits 5 when it collects no tests; that must fail, so it is not masked.
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check cyp_cli tests bench
	$(BIN)/cyp lint example-plan

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Regenerate the rule table in README.md from the registry.
readme-rules: $(STAMP)
	$(BIN)/python -m cyp_cli.readme README.md

clean:
	rm -rf $(VENV) example-plan/dist build dist *.egg-info

# The README's screenshot of the HTML output: the example plan, built and opened in
# headless Chromium (Debian's, see .ci/system-deps), so the picture stays true.
screenshot: $(STAMP)
	$(BIN)/cyp build example-plan --format html
	$(BIN)/python tests/browser.py screenshot example-plan/dist/plan.en.html docs/screenshot.png
