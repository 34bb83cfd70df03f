"""Run a module's main() the way Ansible does and return its JSON result."""

from __future__ import annotations

import contextlib
import json
from unittest import mock

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common import warnings

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


@pytest.fixture
def run_module(capsys):
    """run_module(module, args, check_mode=False, diff=False) -> result dict;
    run_module.stdout keeps the raw JSON, for secret scans."""
    return ModuleRun(capsys)
