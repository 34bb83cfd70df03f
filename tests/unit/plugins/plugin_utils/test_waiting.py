"""WaitAnnouncingAction: a module that runs past the first announcement is announced with what it
waits for, again at each interval; one that returns sooner, one that waits for nothing, a check-mode
run and an async task are not; the module's result is the task's."""

from __future__ import annotations

import time
from unittest import mock

import pytest

from ansible_collections.palette.selfhosted.plugins.plugin_utils import _waiting

SENTENCE = "The task waits for the reload."


class Waiting(_waiting.WaitAnnouncingAction):
    module_name = "palette.selfhosted.palette_example"

    def waits_for(self, args):
        return SENTENCE if args.get("waits") else None


def run_action(module_seconds, args, check_mode=False, async_val=0):
    task = mock.MagicMock(args=args, async_val=async_val, check_mode=check_mode, action="palette_example")
    connection = mock.MagicMock(has_native_async=False)
    action = Waiting(task, connection, mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)

    def execute(**_keywords):
        time.sleep(module_seconds)
        return {"changed": True, "answer": 42}

    with mock.patch.object(Waiting, "_execute_module", side_effect=execute) as executed, mock.patch.object(
        _waiting.display, "display"
    ) as shown:
        result = action.run(task_vars={"inventory_hostname": "console1"})
    return result, executed, [call.args[0] for call in shown.call_args_list]


@pytest.fixture(autouse=True)
def quick_announcements(monkeypatch):
    monkeypatch.setattr(_waiting, "FIRST_ANNOUNCEMENT", 0.2)
    monkeypatch.setattr(_waiting, "ANNOUNCEMENT_INTERVAL", 0.3)


def test_a_long_run_is_announced_with_what_it_waits_for():
    result, executed, shown = run_action(0.65, {"waits": True})
    assert result["answer"] == 42
    assert result["changed"] is True
    assert executed.call_args.kwargs["module_name"] == "palette.selfhosted.palette_example"
    assert shown == [
        f"palette_example on console1: waited 0 s so far. {SENTENCE}",
        f"palette_example on console1: waited 0 s so far. {SENTENCE}",
    ]


def test_the_time_waited_is_counted_in_seconds(monkeypatch):
    monkeypatch.setattr(_waiting, "FIRST_ANNOUNCEMENT", 1.0)
    _result, _executed, shown = run_action(1.2, {"waits": True})
    assert shown == [f"palette_example on console1: waited 1 s so far. {SENTENCE}"]


@pytest.mark.parametrize(
    ("seconds", "args", "options"),
    [
        (0.0, {"waits": True}, {}),
        (0.5, {}, {}),
        (0.5, {"waits": True}, {"check_mode": True}),
        (0.5, {"waits": True}, {"async_val": 30}),
    ],
    ids=["returns-soon", "waits-for-nothing", "check-mode", "async"],
)
def test_nothing_is_announced_otherwise(seconds, args, options):
    result, _executed, shown = run_action(seconds, args, **options)
    assert result["answer"] == 42
    assert shown == []
