"""The MSG parser on a real Outlook file (tests/data/msg, from msg-parser 1.2.0, BSD): subject,
recipients, body and the forwarded mail it embeds, which real files store without a file name."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import parse_bytes

MSG = Path(__file__).resolve().parents[1] / "data" / "msg" / "outer.msg"


def test_real_outlook_message_reads_subject_recipients_body():
    doc = parse_bytes(MSG.read_bytes(), "outer.msg")
    assert doc.format == "msg" and doc.title == "outer subject" and doc.date is None
    assert doc.properties == {"recipients": "outer@foo.bar <outer@foo.bar>"}
    assert [(b.text, b.level) for b in doc.blocks] == [
        ("outer subject", 1), ("An: outer@foo.bar <outer@foo.bar>", 0), ("Outer body", 0),
        ("Anhänge: test.msg", 0)]


def test_embedded_message_is_named_after_its_subject_and_reads_as_mail():
    attachment, = parse_bytes(MSG.read_bytes(), "outer.msg").attachments
    assert attachment.name == "test.msg" and attachment.data[:4] == b"\xd0\xcf\x11\xe0"
    inner = parse_bytes(attachment.data, attachment.name)
    assert inner.format == "msg" and inner.title == "test"
    assert [b.text for b in inner.blocks] == ["test", "An: test@foobar.com <test@foobar.com>", "body"]
