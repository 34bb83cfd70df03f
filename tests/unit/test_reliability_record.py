"""The generated docs/reliability.md must be identical in every checkout, or its drift check fails CI."""

import json

import reliability_record

KEYS = ("ca_path='/nonexistent/ca.pem'", "ca_path='{checkout}/ca.pem'")


def test_rows_keep_their_order_whichever_directory_holds_the_checkout(tmp_path, monkeypatch):
    # "/a" sorts before "/nonexistent" and "/zz" after it: file names taken from the raw key swap order.
    for checkout in ("/a", "/zz/checkout"):
        monkeypatch.setattr(reliability_record, "CHECKOUT", checkout)
        monkeypatch.setattr(reliability_record, "RECORDS", tmp_path / checkout.strip("/"))
        for key in KEYS:
            reliability_record.record("bad_input", key.format(checkout=checkout), seen="127.0.0.1:4242")

    in_a, in_zz = (sorted((tmp_path / name / "bad_input").iterdir()) for name in ("a", "zz/checkout"))
    assert [path.name for path in in_a] == [path.name for path in in_zz]
    assert [path.read_text() for path in in_a] == [path.read_text() for path in in_zz]
    assert json.loads(in_a[0].read_text()) == {"key": "ca_path='<checkout>/ca.pem'", "seen": "127.0.0.1:PORT"}
