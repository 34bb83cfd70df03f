"""Fixtures for unit tests: HTTP is mocked at the requests layer with `responses`, and modules
run their main() the way Ansible runs them."""

from __future__ import annotations

import contextlib
import json
from unittest import mock

import pytest
import responses
from ansible.module_utils import basic
from ansible.module_utils.common import warnings

try:
    from ansible.module_utils import _internal as module_internals
except ImportError:  # ansible-core before 2.19
    module_internals = None

from fake_palette import FakePalette


@pytest.fixture
def api():
    """A `responses` mock in which every unexpected request fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def palette(api):
    """The fake Palette (tests/unit/fake_palette.py) on top of `api`."""
    return FakePalette(api)


@pytest.fixture
def no_sleep(monkeypatch):
    """Record back-off sleeps instead of waiting; returns the list of slept seconds."""
    from ansible_collections.palette.selfhosted.plugins.module_utils import _transport

    slept = []
    monkeypatch.setattr(_transport.time, "sleep", slept.append)
    return slept


try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19 reads the arguments from basic._ANSIBLE_ARGS

    @contextlib.contextmanager
    def patch_module_args(args):
        with mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()):
            yield


class ModuleRun:
    def __init__(self, capsys):
        self._capsys = capsys
        self.stdout = ""

    def __call__(self, module, args, check_mode=False, diff=False):
        internal = {"_ansible_check_mode": check_mode, "_ansible_diff": diff}
        with patch_module_args({**args, **internal}), pytest.raises(SystemExit) as exited:
            module.main()
        self.stdout = self._capsys.readouterr().out
        result = json.loads(self.stdout)
        assert (exited.value.code != 0) == bool(result.get("failed")), result
        return result


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch):
    """Ansible keeps module warnings in a process-wide dict; a real module runs once per process."""
    # A dict from ansible-core 2.19, a list before.
    monkeypatch.setattr(warnings, "_global_warnings", type(warnings._global_warnings)())
    monkeypatch.setattr(warnings, "_global_deprecations", type(warnings._global_deprecations)())
    # From 2.19, importing controller code (an action plugin's test does) marks the whole process as the
    # controller, and module warnings then go to the display instead of the result.
    if hasattr(module_internals, "is_controller"):
        monkeypatch.setattr(module_internals, "is_controller", False)


@pytest.fixture
def run_module(capsys):
    """run_module(module, args, check_mode=False, diff=False) -> result dict;
    run_module.stdout keeps the raw JSON, for secret scans."""
    return ModuleRun(capsys)
