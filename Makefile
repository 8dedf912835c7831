# Two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-hosts test-browser test-explore install bench skillmd speech-acts clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[backend,mcp,test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m skill.demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 3

# The property tests with fresh random examples (make test draws the same ones every run).
test-explore: $(STAMP)
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -q -n 3 $$(grep -l 'from hypothesis' tests/*.py)

# Fresh-host end-to-end tests (slow, ~2 min after the tools are installed): the real
# OpenClaw CLI, both Agent Skills validators, first runs of the skill folder's launcher.
# Tools go to .hosts/ from the npm registry and PyPI only (tests/hosts/setup.sh).
HOSTS := .hosts
$(HOSTS)/.installed: tests/hosts/setup.sh
	bash tests/hosts/setup.sh $(HOSTS)
	touch $@

test-hosts: $(STAMP) $(HOSTS)/.installed
	VIDEO_SKILL_HOSTS_DIR=$(CURDIR)/$(HOSTS) $(BIN)/python -m pytest -q tests/hosts

# The project page in a real browser (~15 s): headless Chromium from Debian's `chromium` package,
# driven over its DevTools protocol (tests/browser/cdp.py, websocket-client from the test extra);
# no browser is downloaded. Chromium is installed here when missing (as root, with apt-get);
# otherwise the browser tests skip and say why: they never pass without a browser.
test-browser: $(STAMP)
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "test-browser: installing Debian's chromium"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
	      || echo "test-browser: apt-get install chromium failed: the browser tests will skip"; \
	  else echo "test-browser: no chromium, and not root with apt-get to install it: the browser tests will skip"; fi; \
	fi
	VIDEO_SKILL_BROWSER=1 $(BIN)/python -m pytest -q tests/browser

bench: $(STAMP)
	$(BIN)/python -m bench

# Retrain the router's learned second reading (intents/speech_acts.bin) after the labelled sets or
# intents/speech_acts.yaml change (~1 min); only thresholds changed: tools/train_speech_acts.py --thresholds
speech-acts: $(STAMP)
	$(BIN)/pip install -q -e '.[backend,mcp,test,train]'
	$(BIN)/python tools/train_speech_acts.py

skillmd: $(STAMP)
	$(BIN)/video-skill skillmd --write

clean:
	rm -rf $(VENV) .pytest_cache .hosts

# The lowest versions pyproject allows, in their own venv: does the client really work on them?
MIN_VENV := .venv-min
MIN_PINS := httpx==0.27.0 httpx-sse==0.4.0 pyyaml==6.0 jinja2==3.1.0
MIN_TESTS := tests/test_client.py tests/test_client_unit.py tests/test_sse.py tests/test_turn.py \
	tests/test_turn_unit.py tests/test_turn_final_unit.py tests/test_turn_completeness.py tests/test_commands.py
EXTRAS = $(shell $(PY) -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']; import shlex; print(' '.join(map(shlex.quote, d['backend'] + d['test'])))")

$(MIN_VENV)/.installed: pyproject.toml
	rm -rf $(MIN_VENV)
	$(PY) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/pip install -q $(MIN_PINS) $(EXTRAS)
	$(MIN_VENV)/bin/pip install -q --no-deps -e .
	touch $@

.PHONY: test-min
test-min: $(MIN_VENV)/.installed
	$(MIN_VENV)/bin/pip list 2>/dev/null | grep -iE '^(httpx|httpx-sse|pyyaml|jinja2) '
	$(MIN_VENV)/bin/python -m pytest -q $(MIN_TESTS)
