"""Which uploads are accepted: judged by content, with the name agreeing, within the size limit."""

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.cases.rules import documents as rules

LIMIT = 1024 * 1024


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()


GOOD = [
    ("letter.pdf", b"%PDF-1.7\n...", rules.PDF),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", rules.JPEG),
    ("photo.JPEG", b"\xff\xd8\xff\xe1\x00\x10Exif", rules.JPEG),
    ("screenshot.png", b"\x89PNG\r\n\x1a\n\x00\x00", rules.PNG),
    ("animation.gif", b"GIF89a\x01\x00", rules.GIF),
    ("image.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", rules.WEBP),
    ("statement.docx", docx(), rules.DOCX),
    ("old statement.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, rules.DOC),
    ("notes.txt", "Notes with £, é and tabs\tand\r\nlines".encode(), rules.TEXT),
]


@pytest.mark.parametrize(("name", "content", "kind"), GOOD)
def test_allowed_files_are_recognised_by_content(name, content, kind):
    assert rules.check_upload(name, content, max_bytes=LIMIT) == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "empty"),
        ("program.exe", b"MZ\x90\x00", "must be a PDF, an image"),
        ("page.html", b"<html>\x00</html>", "must be a PDF, an image"),
        ("script.pdf", b"#!/bin/sh\x00rm", "must be a PDF, an image"),
        ("archive.docx", plain_zip(), "must be a PDF, an image"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n", "does not match"),
        ("letter.txt", b"%PDF-1.4", "does not match"),
        ("letter", b"%PDF-1.4", "does not match"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "must be a PDF, an image"),
    ],
)
def test_anything_else_is_refused_saying_what_is_allowed(name, content, message):
    with pytest.raises(rules.UnacceptableDocument, match=message):
        rules.check_upload(name, content, max_bytes=LIMIT)


def test_the_size_limit_is_named_in_the_message():
    with pytest.raises(rules.UnacceptableDocument, match="smaller than 1MB"):
        rules.check_upload("big.pdf", b"%PDF-" + b"0" * LIMIT, max_bytes=LIMIT)
    assert rules.check_upload("just.pdf", b"%PDF-" + b"0" * (LIMIT - 5), max_bytes=LIMIT)


@given(st.binary(max_size=64), st.sampled_from([".pdf", ".png", ".docx", ".txt", ".exe", ""]))
def test_any_bytes_are_either_accepted_as_an_allowed_kind_or_refused_cleanly(content, ending):
    try:
        kind = rules.check_upload(f"file{ending}", content, max_bytes=LIMIT)
    except rules.UnacceptableDocument as exc:
        assert str(exc)
    else:
        assert kind in rules.ALL_KINDS
        assert ending in kind.extensions


@given(st.text(max_size=80))
def test_download_names_are_tame_whatever_was_uploaded(original):
    name = rules.safe_download_name(original, rules.PDF)
    assert name.endswith(".pdf")
    assert '"' not in name and "\\" not in name and "/" not in name
    assert "\n" not in name and "\r" not in name
    assert name.isascii()
