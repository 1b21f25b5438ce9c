"""Which uploads Haven accepts, judged by what the file contains and not only by its name.

A renamed executable or an HTML page saved as "letter.pdf" must never be stored and served back
to a colleague, so the first bytes of the file decide its kind, and the name must agree.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

ALLOWED_DESCRIPTION = "a PDF, an image (JPG, PNG, GIF or WebP), a Word document or a text file"


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str
    content_type: str
    extensions: frozenset[str]


PDF = DocumentKind("pdf", "PDF", "application/pdf", frozenset({".pdf"}))
JPEG = DocumentKind("jpeg", "JPG image", "image/jpeg", frozenset({".jpg", ".jpeg"}))
PNG = DocumentKind("png", "PNG image", "image/png", frozenset({".png"}))
GIF = DocumentKind("gif", "GIF image", "image/gif", frozenset({".gif"}))
WEBP = DocumentKind("webp", "WebP image", "image/webp", frozenset({".webp"}))
DOCX = DocumentKind(
    "docx",
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    frozenset({".docx"}),
)
DOC = DocumentKind("doc", "Word document", "application/msword", frozenset({".doc"}))
TEXT = DocumentKind("text", "Text file", "text/plain; charset=utf-8", frozenset({".txt"}))
ALL_KINDS = (PDF, JPEG, PNG, GIF, WEBP, DOCX, DOC, TEXT)
KINDS_BY_KEY = {kind.key: kind for kind in ALL_KINDS}

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_CONTROL_ALLOWED = {"\t", "\n", "\r", "\f"}


class UnacceptableDocument(ValueError):
    """The message is written to be shown to the person who chose the file."""


def _looks_like_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def _looks_like_text(content: bytes) -> bool:
    try:
        decoded = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(
        ch not in _TEXT_CONTROL_ALLOWED and (ord(ch) < 32 or ord(ch) == 127) for ch in decoded
    )


def sniff(content: bytes) -> DocumentKind | None:
    """The kind the bytes say the file is, or None if it is none Haven accepts."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith(b"PK\x03\x04"):
        return DOCX if _looks_like_docx(content) else None
    if content.startswith(_OLE_SIGNATURE):
        return DOC
    if content and _looks_like_text(content):
        return TEXT
    return None


def check_upload(filename: str, content: bytes, *, max_bytes: int) -> DocumentKind:
    """Accept the file or raise UnacceptableDocument naming what is wrong and the limits."""
    limit_mb = max_bytes / (1024 * 1024)
    limit_text = f"{limit_mb:g}MB"
    if not content:
        raise UnacceptableDocument("The selected file is empty")
    if len(content) > max_bytes:
        raise UnacceptableDocument(f"The selected file must be smaller than {limit_text}")
    extension = PurePath(filename or "").suffix.lower()
    kind = sniff(content)
    if kind is None:
        raise UnacceptableDocument(f"The selected file must be {ALLOWED_DESCRIPTION}")
    if extension not in kind.extensions:
        raise UnacceptableDocument(
            f"The selected file's name does not match what it contains: it must be "
            f"{ALLOWED_DESCRIPTION}, with the matching ending (such as .pdf or .docx)"
        )
    return kind


def safe_download_name(original: str, kind: DocumentKind) -> str:
    """A name for Content-Disposition: the original stem, tamed, with the kind's own ending."""
    stem = PurePath(original or "document").stem
    # ASCII only: the name goes into a response header.
    kept = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in " -_()" else "_" for ch in stem)
    tamed = kept.strip() or "document"
    return tamed[:80] + sorted(kind.extensions)[0]
