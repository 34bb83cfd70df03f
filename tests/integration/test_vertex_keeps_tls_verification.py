"""Palette VerteX (FIPS) never turns TLS certificate verification off: the read-back after the
write shows it, and the task fails naming the field instead of reporting a change every run."""

from __future__ import annotations

from lab_tasks import connection_for, smtp_task


def test_insecure_skip_tls_verify_on_vertex_fails_with_the_reason(lab_factory, ansible_playbook):
    lab = lab_factory(edition="vertex")
    run = ansible_playbook([smtp_task(lab, insecure_skip_tls_verify=True)], connection_for(lab))
    assert run.rc != 0
    message = run.results["r0"]["msg"]
    assert "did not keep insecure_skip_tls_verify (sent True, reads back False)" in message
    assert "Palette VerteX never allows TLS certificate verification to be turned off" in message
    assert lab.console.stored["smtp"]["insecureSkipVerifyTls"] is False


def test_vertex_accepts_verified_tls_and_is_idempotent(lab_factory, ansible_playbook):
    lab = lab_factory(edition="vertex")
    first = ansible_playbook([smtp_task(lab)], connection_for(lab))
    second = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert first.results["r0"]["changed"] is True
    assert second.results["r0"]["changed"] is False
