"""palette_system_account against the lab: a new Operations Admin's activation link goes out through
the SMTP settings the play stored, to the lab's real SMTP server, and with it the owner sets a
password and signs in; a second run changes nothing; a new name is one profile call; the account
the task signs in with is never removed; an account on the second page of the list is found."""

from __future__ import annotations

import re

import requests

from lab_tasks import LOGIN, connection_for, smtp_task
from palette_simulator.admins import Admin

ACCOUNT = {"email": "oncall@example.com", "first_name": "Ada", "last_name": "Lovelace", "role": "operations_admin"}
ACCOUNT_PASSWORD = "Oncall-Account-Pass-9"
LIST = "GET /v1/system/admins"


def account_task(state="present", **options):
    given = {**ACCOUNT, **options} if state == "present" else {"email": options.get("email", ACCOUNT["email"])}
    return {"name": "System account", "palette.selfhosted.palette_system_account": {**given, "state": state}}


def activate(lab, mail):
    """What the account's owner does with the activation mail: set a password through its link."""
    token = re.search(r"activate\?token=(\S+)", mail.get_content()).group(1)
    answer = requests.patch(
        f"{lab.console.base_url}/v1/system/admins/auth/password/{token}/activate",
        json={"password": ACCOUNT_PASSWORD},
        timeout=5,
    )
    assert answer.status_code == 204, answer.text


def test_the_activation_link_reaches_the_owner_who_then_signs_in(lab, ansible_playbook):
    run = ansible_playbook([smtp_task(lab), account_task()], connection_for(lab), diff=True)
    assert run.rc == 0, run.stdout
    created = run.results["r1"]
    assert created["changed"] is True
    assert created["system_account"] == ACCOUNT
    assert created["diff"] == {"before": {}, "after": ACCOUNT}
    (mail,) = lab.smtp.log.messages
    assert mail["Delivered-To"] == ACCOUNT["email"]
    assert "activate" in mail["Subject"].lower()
    activate(lab, mail)
    as_owner = connection_for(lab, auth_username=ACCOUNT["email"], auth_password=ACCOUNT_PASSWORD)
    info = {"name": "Me", "palette.selfhosted.palette_system_info": {"settings": ["admin"]}}
    signed_in = ansible_playbook([info], as_owner, scan=[ACCOUNT_PASSWORD])
    assert signed_in.rc == 0, signed_in.stdout
    assert signed_in.results["r0"]["admin"]["email"] == ACCOUNT["email"]

    lab.console.log.clear()
    again = ansible_playbook([account_task()], connection_for(lab))
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, LIST]
    assert len(lab.smtp.log.messages) == 1


def test_without_smtp_the_account_is_created_and_the_task_warns(lab, ansible_playbook):
    run = ansible_playbook([account_task()], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is True
    assert "SMTP is not configured on this console, so Palette cannot email the activation link" in run.shown
    assert lab.smtp.log.messages == []


def test_names_change_in_one_profile_call_and_the_role_does_not(lab, ansible_playbook):
    assert ansible_playbook([smtp_task(lab), account_task()], connection_for(lab)).rc == 0
    (uid,) = [admin.uid for admin in lab.console.admins.values() if admin.email == ACCOUNT["email"]]
    lab.console.log.clear()
    renamed = ansible_playbook([account_task(first_name="Augusta Ada", last_name="King")], connection_for(lab))
    assert renamed.rc == 0, renamed.stdout
    assert renamed.results["r0"]["system_account"]["last_name"] == "King"
    assert lab.console.calls() == [
        LOGIN,
        LIST,
        f"PATCH /v1/system/admins/{uid}/profile",
        f"GET /v1/system/admins/{uid}",
    ]

    refused = ansible_playbook(
        [account_task(role="account_admin", first_name="Augusta Ada", last_name="King")], connection_for(lab)
    )
    assert refused.rc != 0
    assert (
        "Palette cannot change role (it has 'operations_admin', the task gives 'account_admin')"
        in refused.results["r0"]["msg"]
    )


def test_the_signed_in_account_is_never_removed_another_is(lab, ansible_playbook):
    assert (
        ansible_playbook(
            [smtp_task(lab), account_task(), account_task(email="second@example.com")], connection_for(lab)
        ).rc
        == 0
    )
    activate(lab, lab.smtp.log.messages[0])
    as_owner = connection_for(lab, auth_username=ACCOUNT["email"], auth_password=ACCOUNT_PASSWORD)

    itself = ansible_playbook([account_task(state="absent")], as_owner, scan=[ACCOUNT_PASSWORD])
    assert itself.rc != 0
    assert (
        "is the one this task signs in with, and an admin cannot remove its own account" in itself.results["r0"]["msg"]
    )
    assert not any(call.startswith("DELETE") for call in lab.console.calls())

    other = ansible_playbook(
        [account_task(state="absent", email="second@example.com")], as_owner, scan=[ACCOUNT_PASSWORD]
    )
    assert other.rc == 0, other.stdout
    assert other.results["r0"]["changed"] is True
    assert "second@example.com" not in {admin.email for admin in lab.console.admins.values()}


def test_an_account_on_the_second_page_is_found_not_created_again(lab, ansible_playbook):
    for number in range(55):
        email = f"operator-{number:02d}@example.com"
        lab.console.admins[email] = Admin(
            email, ACCOUNT_PASSWORD, email=email, first_name="Ada", last_name="Lovelace", admin_type="OperationAdmin"
        )
    run = ansible_playbook([account_task(email="operator-54@example.com")], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, LIST, LIST]
