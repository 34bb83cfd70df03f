"""palette_aws_sts_accounts against a console that follows the docs (POST creates the STS account,
PUT changes it) and one that follows the spec (PUT alone; the AWS path answers POST with 405): the
first run creates the account on either, the second changes nothing and writes nothing, and a new
secret key goes with PUT. palette_cloud_credentials beside it, since both are stored as given."""

from __future__ import annotations

import pytest

from lab_tasks import CLOUD_CREDENTIALS, LOGIN, STS_ACCOUNT, connection_for

AWS, GOV = "/v1/system/config/aws/sts/account", "/v1/system/config/awsgov/sts/account"


def sts_task(**members):
    return {"name": "STS accounts", "palette.selfhosted.palette_aws_sts_accounts": members}


@pytest.mark.parametrize(
    ("method", "creates"),
    [("POST", [f"POST {AWS}"]), ("PUT", [f"POST {AWS}", f"PUT {AWS}"])],
    ids=["docs", "spec"],
)
def test_the_account_is_created_on_either_console_and_then_left_alone(lab, ansible_playbook, method, creates):
    lab.console.configure(sts_create_method=method)
    first = ansible_playbook([sts_task(aws=STS_ACCOUNT)], connection_for(lab), diff=True)
    assert first.rc == 0, first.stdout
    result = first.results["r0"]
    assert result["changed"] is True
    assert result["aws_sts_accounts"]["aws"] == {"access_key": STS_ACCOUNT["access_key"], "account_id": "123456789012"}
    assert result["diff"]["after"]["aws"]["secret_key"] == "********"
    assert lab.console.calls() == [LOGIN, f"GET {AWS}", *creates, f"GET {AWS}"]
    assert lab.console.stored["aws_sts"]["accountId"] == "123456789012"

    lab.console.log.clear()
    second = ansible_playbook([sts_task(aws=STS_ACCOUNT)], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, f"GET {AWS}"]

    lab.console.log.clear()
    rotated = {**STS_ACCOUNT, "secret_key": "Lab-Sts-Secret-2", "update_secret_key": "always"}
    third = ansible_playbook([sts_task(aws=rotated)], connection_for(lab))
    assert third.rc == 0, third.stdout
    assert lab.console.calls() == [LOGIN, f"GET {AWS}", f"PUT {AWS}", f"GET {AWS}"]


def test_govcloud_is_its_own_account(lab, ansible_playbook):
    run = ansible_playbook([sts_task(aws_gov=STS_ACCOUNT)], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert lab.console.calls() == [LOGIN, f"GET {GOV}", f"POST {GOV}", f"GET {GOV}"]
    assert lab.console.stored["aws_sts"] == {}


def test_cloud_credentials_are_stored_per_cloud_and_then_left_alone(lab, ansible_playbook):
    task = {"name": "Cloud credentials", "palette.selfhosted.palette_cloud_credentials": CLOUD_CREDENTIALS}
    first = ansible_playbook([task], connection_for(lab))
    assert first.rc == 0, first.stdout
    assert set(first.results["r0"]["cloud_credentials"]) == {"aws", "azure"}
    assert lab.console.stored["aws_account"]["spec"]["accessKey"] == "AKIALAB0000000000002"
    assert lab.console.stored["gcp_account"] == {}

    lab.console.log.clear()
    second = ansible_playbook([task], connection_for(lab))
    assert second.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, "GET /v1/system/config/aws/account", "GET /v1/system/config/azure/account"]
