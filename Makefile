# Two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-hosts install bench skillmd clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[backend,test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m skill.demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Fresh-host end-to-end tests (slow, ~2 min after the tools are installed): the real
# OpenClaw CLI, both Agent Skills validators, first runs of the skill folder's launcher.
# Tools go to .hosts/ from the npm registry and PyPI only (tests/hosts/setup.sh).
HOSTS := .hosts
$(HOSTS)/.installed: tests/hosts/setup.sh
	bash tests/hosts/setup.sh $(HOSTS)
	touch $@

test-hosts: $(STAMP) $(HOSTS)/.installed
	VIDEO_SKILL_HOSTS_DIR=$(CURDIR)/$(HOSTS) $(BIN)/python -m pytest -q tests/hosts

bench: $(STAMP)
	$(BIN)/python -m bench

skillmd: $(STAMP)
	$(BIN)/video-skill skillmd --write

clean:
	rm -rf $(VENV) .pytest_cache .hosts
