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
# Tools (and the ansible-* commands they call) come from the project's venv.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help setup collection docs browser oci-registry docs-test unit integration molecule lint $(addprefix lint-,$(LINT_GATES)) sanity reliability-doc compat bench bench-smoke test demo clean

help:
	@echo "make demo   in a venv of its own (.venv-demo), the whole console in one task against the bundled lab"
	@echo "make test   set everything up, then run every test and quality gate"

$(BIN)/.installed: requirements.txt requirements-demo.txt requirements-dev.txt constraints-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints-dev.txt
	touch $@

setup: $(BIN)/.installed

# Build the collection tarball and install it the way a user does: $(call install_collection,BIN,DIR)
# with the ansible-galaxy in BIN, the tarball in DIR and the collection in DIR/collections.
install_collection = rm -rf $(2)/palette-selfhosted-*.tar.gz $(2)/collections \
	&& $(1)/ansible-galaxy collection build --output-path $(2) --force . \
	&& $(1)/ansible-galaxy collection install --force --collections-path $(2)/collections $(2)/$(notdir $(TARBALL))
collection: setup
	$(call install_collection,$(BIN),$(BUILD))

# The demo's own venv: only what it runs (requirements-demo.txt: ansible-core, requests and the lab's
# SMTP and FTP servers, pinned by constraints-dev.txt), so that `make demo` on a fresh clone installs
# neither the test, docs and lint tools of .venv nor the lab's S3.
DEMO_VENV := .venv-demo
DEMO_BIN := $(DEMO_VENV)/bin
$(DEMO_BIN)/.installed: requirements.txt requirements-demo.txt constraints-dev.txt
	$(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-demo.txt -c constraints-dev.txt
	touch $@

# Tests record what they observe for docs/reliability.md; a unit run starts a fresh set.
unit: setup
	rm -rf tests/output/reliability
	$(BIN)/python -m pytest tests/unit

# pytest-xdist workers for the integration tests. A sixth of the suite's time is spent waiting
# (timeouts, Retry-After, servers starting), so one more worker than the 2 cores keeps both busy:
# 222 s with 2 workers, 180 s with 3, 187 s with 4, on 2 cores.
WORKERS ?= 3
integration: setup oci-registry
	$(BIN)/python -m pytest -n $(WORKERS) tests/integration

# Scenarios run one after another (no --workers): each starts its own lab on localhost.
# At -vvvv, and the output is then searched for the lab's passwords and the wrong SMTP password
# that extensions/molecule/failing_validation tries.
molecule: collection
	NO_COLOR=1 ANSIBLE_VERBOSITY=4 molecule test --all > $(BUILD)/molecule.log 2>&1; \
		status=$$?; cat $(BUILD)/molecule.log; exit $$status
	PYTHONPATH=tools $(BIN)/python tools/find_lab_secrets.py $(BUILD)/molecule.log not-the-smtp-password

SANITY_ROOT := $(BUILD)/sanity/ansible_collections/palette/selfhosted
# ansible-test needs the collection at ansible_collections/palette/selfhosted, in a git tree of its own.
# $(call sanity_copy,ROOT) puts the checkout's files there.
sanity_copy = rm -rf $(1) && mkdir -p $(1) \
	&& git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - | tar -xf - -C $(1) \
	&& cd $(1) && git init -q && git add -A

# Release gates: what Galaxy and Automation Hub maintainers run. Every gate runs; the recipe then
# fails naming each gate that failed, so one run shows every problem. The gates antsibull-nox
# declares (antsibull-nox.toml) run as nox sessions, which also go on after a failed one; nox
# installs their tools in .nox/ at the versions the constraints files pin.
LINT_GATES := nox nox-import ansible-lint changelog changelog-generated ee-introspect ee-create
lint: collection
	@failed=""; for gate in $(LINT_GATES); do \
		echo "== lint: $$gate"; $(MAKE) --no-print-directory lint-$$gate || failed="$$failed $$gate"; \
	done; \
	if [ -n "$$failed" ]; then echo "lint gates failed:$$failed"; exit 1; fi; echo "all lint gates passed"

# ruff (check and format), antsibull-docs' collection docs lint, unwanted files, trailing whitespace,
# and that every module is in the action group.
lint-nox: setup
	PIP_CONSTRAINT=$(CURDIR)/constraints-dev.txt $(BIN)/nox --reuse-venv=yes -e lint docs-check extra-checks
# Build the tarball and import it with galaxy-importer (tools/galaxy-importer.cfg), whose attrs<24
# pin clashes with the other tools: its own constraints.
lint-nox-import: setup
	PIP_CONSTRAINT=$(CURDIR)/constraints-importer.txt $(BIN)/nox --reuse-venv=yes -e build-import-check
# As a contributor runs it: plain, in a clean checkout at ansible_collections/palette/selfhosted,
# without the ANSIBLE_COLLECTIONS_PATH this Makefile sets.
LINT_ROOT := $(BUILD)/lint/ansible_collections/palette/selfhosted
lint-ansible-lint:
	$(call sanity_copy,$(LINT_ROOT))
	cd $(LINT_ROOT) && env -u ANSIBLE_COLLECTIONS_PATH $(CURDIR)/$(BIN)/ansible-lint
lint-changelog:
	$(BIN)/antsibull-changelog lint
lint-changelog-generated:
	$(BIN)/antsibull-changelog generate && git diff --exit-code -- CHANGELOG.rst
lint-ee-introspect:
	$(BIN)/ansible-builder introspect --sanitize $(COLLECTIONS) | grep -q "requests>=2.25.0  # from collection palette.selfhosted"
lint-ee-create:
	rm -rf $(BUILD)/ee && $(BIN)/ansible-builder create --file examples/execution-environment/execution-environment.yml \
		--context $(BUILD)/ee >/dev/null && grep -q palette.selfhosted $(BUILD)/ee/_build/requirements.yml

# Every sanity test on the controller's Python, then compile and import on each other target Python.
# ansible-test would download a pip bootstrap script: tools/ansible_test_offline_pip.py caches a stand-in.
sanity: setup
	$(BIN)/python tools/ansible_test_offline_pip.py
	$(call sanity_copy,$(SANITY_ROOT))
	cd $(SANITY_ROOT) && ansible-test sanity --venv --python 3.11 --color no
	cd $(SANITY_ROOT) && $(CURDIR)/$(BIN)/python tools/sanity_target_pythons.py

# Benchmarks (bench/run.py): the full run writes docs/performance.md and docs/fleet.png. The whole
# console's labs have the OCI registry that its system registry section is validated against.
bench: collection oci-registry
	PYTHONPATH=tools $(BIN)/python bench/run.py

bench-smoke: collection oci-registry
	PYTHONPATH=tools $(BIN)/python bench/run.py --smoke

# Every other ansible-core release meta/runtime.yml accepts, each in its own venv under build/, runs
# the unit tests and its own ansible-test sanity; the oldest and the newest (with the pinned one, in
# `make integration`) run the integration suite too, which keeps CI within its time on 2 cores. Their
# reliability records are kept apart, so that docs/reliability.md stays the record of the pinned one.
COMPAT_CORES := 2.16.19 2.17.14 2.18.19 2.20.10 2.21.5
COMPAT_INTEGRATION_CORES := 2.16.19 2.21.5
compat_suites = tests/unit $(if $(filter $(1),$(COMPAT_INTEGRATION_CORES)),tests/integration)
# ansible-core 2.20 and later need Python 3.12 or later for the controller: pyenv's, else PATH's.
pyenv_python = $(or $(lastword $(wildcard $(HOME)/.pyenv/versions/$(1).*/bin/python$(1))),python$(1))
COMPAT_PYTHON_2.20.10 := $(call pyenv_python,3.12)
COMPAT_PYTHON_2.21.5 := $(call pyenv_python,3.13)
compat_python = $(or $(COMPAT_PYTHON_$(1)),$(PYTHON))
# Automation Hub's import runs ansible-test sanity of ansible-core 2.16 on every Python it supports.
COMPAT_ALL_PYTHONS_2.16.19 := yes

$(BUILD)/compat-%/.installed: requirements.txt requirements-compat.txt constraints-compat.txt
	rm -rf $(BUILD)/compat-$*
	$(call compat_python,$*) -m venv $(BUILD)/compat-$*
	$(BUILD)/compat-$*/bin/python -m pip install --quiet -r requirements-compat.txt -c constraints-compat.txt \
		ansible-core==$*
	touch $@

# A core's tests (several processes) and its ansible-test sanity (one process at a time, most of
# it building venvs) run side by side: together they keep both cores busy.
# The cores that run the integration suite need the lab's OCI registry; the top-level make installs it
# once, before the sub-makes of the cores run.
compat_registry = $(if $(filter $(1),$(COMPAT_INTEGRATION_CORES)),oci-registry)
.SECONDEXPANSION:
compat-%: $(BUILD)/compat-%/.installed $$(call compat_registry,$$*)
	$(MAKE) --no-print-directory -j2 --output-sync=target compat-tests-$* compat-sanity-$*

compat-tests-%: $(BUILD)/compat-%/.installed $$(call compat_registry,$$*)
	rm -rf $(BUILD)/compat-$*/reliability
	PALETTE_RELIABILITY_RECORDS=$(CURDIR)/$(BUILD)/compat-$*/reliability \
		$(BUILD)/compat-$*/bin/python -m pytest -n $(WORKERS) $(call compat_suites,$*)

compat-sanity-%: $(BUILD)/compat-%/.installed
	$(BUILD)/compat-$*/bin/python tools/ansible_test_offline_pip.py
	$(call sanity_copy,$(BUILD)/compat-$*/sanity/ansible_collections/palette/selfhosted)
	cd $(BUILD)/compat-$*/sanity/ansible_collections/palette/selfhosted \
		&& export PATH=$(CURDIR)/$(BUILD)/compat-$*/bin:$$PATH \
		&& ansible-test sanity --venv --python $$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])') --color no \
		&& $(if $(COMPAT_ALL_PYTHONS_$*),python tools/sanity_target_pythons.py,true)

compat: $(addprefix compat-,$(COMPAT_CORES))
.PRECIOUS: $(BUILD)/compat-%/.installed

# Rewrite docs/reliability.md from the records of `make unit integration`; CI fails if it changed.
reliability-doc:
	$(BIN)/python tools/reliability_report.py
	git diff --exit-code -- docs/reliability.md

# The documentation site: antsibull-docs renders the installed collection (module and role references,
# and the user guide in docs/docsite/) as RST; Sphinx builds HTML from it, warnings as errors, offline.
DOCS := $(BUILD)/docs
docs: collection
	rm -rf $(DOCS) && mkdir -p $(DOCS)/rst && chmod og-w $(DOCS)/rst
	antsibull-docs --config-file docs/site/antsibull-docs.cfg collection --use-current --squash-hierarchy \
		--dest-dir $(DOCS)/rst palette.selfhosted
	sphinx-build -q -W --keep-going -b html -c docs/site $(DOCS)/rst $(DOCS)/html
	@echo "documentation site: $(DOCS)/html/index.html"

# The browser the site's test drives: Debian's chromium and its driver, installed when missing.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq chromium chromium-driver; }

# The OCI registry of the lab (tools/palette_simulator/oci_registry.py), which the integration suite
# and the benchmarks talk to (and make demo, when it is there): Debian's docker-registry, installed
# when missing. Its postinst would start the package's
# own registry on :5000 (init script, or systemd unit); a policy-rc.d that denies it, put in place for
# the install when there is none, keeps it from starting, and the unit is left disabled: the lab starts
# a registry of its own.
oci-registry:
	@test -x /usr/bin/docker-registry || { \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; policy=/usr/sbin/policy-rc.d; added=""; \
		trap '[ -z "$$added" ] || $$sudo rm -f $$policy' EXIT; \
		if [ ! -e $$policy ]; then \
			printf '#!/bin/sh\nexit 101\n' | $$sudo tee $$policy >/dev/null && $$sudo chmod 755 $$policy && added=yes; \
		fi; \
		$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry \
			&& { [ ! -d /run/systemd/system ] || $$sudo systemctl disable --quiet docker-registry || true; }; }

# What a person sees on the built site, in headless Chromium; screenshots land in $(DOCS)/screenshots.
docs-test: docs browser
	$(BIN)/python -m pytest tests/docs

# Every stage in turn, stopping at the first that fails; then how long each took, so that a slow
# CI run shows where its time went. Targets joined by + are one stage and run side by side, as
# compat-% runs its two halves: the integration tests beside the single-process ansible-test.
TEST_STAGES := setup unit integration+sanity molecule lint docs-test reliability-doc \
	$(addprefix compat-,$(COMPAT_CORES)) bench-smoke
test:
	@mkdir -p $(BUILD) && : > $(BUILD)/test-times.txt; \
	for stage in $(TEST_STAGES); do \
		start=$$(date +%s); case $$stage in *+*) jobs="-j2 --output-sync=target";; *) jobs="";; esac; \
		$(MAKE) --no-print-directory $$jobs $$(echo $$stage | tr + ' ') || exit 1; \
		echo "$$stage $$(( $$(date +%s) - start ))" >> $(BUILD)/test-times.txt; \
	done; \
	awk '{ total += $$2; printf "%-20s %5d s\n", $$1, $$2 } END { printf "%-20s %5d s\n", "make test", total }' \
		$(BUILD)/test-times.txt

clean:
	rm -rf $(BUILD) tests/output

# The demo's collection is installed apart (build/demo/collections), so that a demo and a test run
# on one checkout do not replace each other's.
demo: $(DEMO_BIN)/.installed
	$(call install_collection,$(DEMO_BIN),$(BUILD)/demo)
	PATH=$(CURDIR)/$(DEMO_BIN):$$PATH ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(BUILD)/demo/collections PYTHONPATH=tools \
		$(DEMO_BIN)/python tools/demo.py
