# Developer and CI entry points. `make demo` and `make test` are the two a new user needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  := build
COLLECTIONS := $(BUILD)/collections
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/palette-selfhosted-$(VERSION).tar.gz
# The built collection, as users install it, is what playbooks and Molecule run.
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(COLLECTIONS)

.PHONY: help setup collection unit integration molecule test demo clean

help:
	@echo "make demo   set everything up, then run the example playbook against the bundled simulator"
	@echo "make test   set everything up, then run every test and quality gate"

$(BIN)/.installed: requirements.txt requirements-dev.txt constraints-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints-dev.txt
	touch $@

setup: $(BIN)/.installed

# Build the collection tarball and install it the way a user does.
collection: setup
	rm -rf $(BUILD)/palette-selfhosted-*.tar.gz $(COLLECTIONS)
	$(BIN)/ansible-galaxy collection build --output-path $(BUILD) --force .
	$(BIN)/ansible-galaxy collection install --force --collections-path $(COLLECTIONS) $(TARBALL)

unit: setup
	$(BIN)/python -m pytest tests/unit

integration: setup
	$(BIN)/python -m pytest -n 2 tests/integration

# Molecule finds ansible-config etc. on PATH; scenarios share one localhost lab port space, so no --workers.
molecule: collection
	PATH="$(CURDIR)/$(BIN):$$PATH" NO_COLOR=1 $(BIN)/molecule test --all

test: unit integration molecule

clean:
	rm -rf $(BUILD) tests/output

demo: collection
	PYTHONPATH=tools $(BIN)/python tools/demo.py
