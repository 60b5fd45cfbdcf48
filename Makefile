# Two commands do all set-up on a fresh machine:
#   make example   create .venv, install cyp, lint and build the example plan and
#                  its annual review (example-plan/dist/review.html)
#   make test      create .venv, install cyp with test extras (and, as root, Debian's
#                  chromium for the browser tests), run every test
# For the edit-test loop: make test-fast (no browser, no pre-commit virtualenv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: example test test-fast browser-deps typecheck lint bench screenshot clean readme-rules

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
test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

# Everything but the browser (CYP_SKIP_BROWSER=1) and the pre-commit install test.
test-fast: $(STAMP)
	CYP_SKIP_BROWSER=1 $(BIN)/python -m pytest -m "not browser and not precommit"

# The browser tests need Debian's chromium. As root (CI, a container) make installs it
# through .ci/system-deps; otherwise it stops and names the one command to run.
# CYP_SKIP_BROWSER=1 skips the browser tests and this step.
browser-deps:
	@if [ "$${CYP_SKIP_BROWSER:-}" = 1 ] || .ci/system-deps --check; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "make test: installing Debian's chromium for the browser tests (.ci/system-deps)"; \
	  .ci/system-deps; \
	else \
	  echo "make test: the browser tests need Debian's chromium: run 'sudo .ci/system-deps' once, or CYP_SKIP_BROWSER=1 make test to skip them" >&2; \
	  exit 2; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check cyp_cli tests bench scripts
	$(BIN)/cyp lint example-plan

# mypy over cyp_cli, as configured in pyproject.toml ([tool.mypy]); tests/test_style.py
# runs it too, so `make test` fails on a type error.
typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Regenerate the rule table in README.md from the registry.
readme-rules: $(STAMP)
	$(BIN)/python scripts/readme-rules.py README.md

clean:
	rm -rf $(VENV) example-plan/dist build dist *.egg-info

# The README's screenshots, so the pictures stay true: the example plan built and its
# annual review made (as in make example), then opened in headless Chromium (Debian's,
# see .ci/system-deps): the English page at a desktop width, the Welsh edition, a
# review chart, and the at-a-glance table on a 320 CSS px screen (WCAG 1.4.10 Reflow).
screenshot: $(STAMP)
	$(BIN)/cyp build example-plan --format html
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(BIN)/python scripts/make-example-history.py "$$tmp/history" && \
	  $(BIN)/cyp review "$$tmp/history/example-plan" --from v2011 --to HEAD \
	    --format html --as-of 2012-06-01 --out example-plan/dist
	$(BIN)/python tests/browser.py screenshot example-plan/dist/plan.en.html docs/screenshot.png
	$(BIN)/python tests/browser.py screenshot example-plan/dist/plan.cy.html docs/screenshot-welsh.png \
	  --at "#other-formats" --height 1000
	$(BIN)/python tests/browser.py screenshot example-plan/dist/review.html docs/screenshot-review-chart.png \
	  --at "figure.chart" --element --width 1000
	$(BIN)/python tests/browser.py screenshot example-plan/dist/plan.en.html docs/screenshot-320.png \
	  --at "#at-a-glance" --width 320 --height 640
