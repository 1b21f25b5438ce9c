"""Permission-matrix rows for the safe-contact, contact, chronology and document URLs.

Case pages: the case officer who owns the case and the coordinator get 200; roles with no case
access get 403 (which names no case); anonymous visitors are sent to sign in.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from haven.cases.models.chronology import Document
from haven.cases.services import chronology as chronology_services
from haven.cases.services import contact as contact_services
from haven.lib.crypto import fernet
from tests.support.contact import SAFE_NUMBER, make_case, make_plan, recent_weekday_at
from tests.support.matrix import Row, only

CASEWORK = ("case_officer", "coordinator")
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def world(personas):
    officer = personas["case_officer"]
    case = make_case(owner=officer)
    make_plan(case, by=officer)
    planned = contact_services.schedule_contact(
        case,
        actor=officer,
        channel="phone",
        when=_next_weekday_eleven(),
        destination=SAFE_NUMBER,
    )
    note = chronology_services.record_note(case, actor=officer, text="Matrix note")
    # A text message the plan does not allow, recorded after it happened: one for the
    # coordinator to follow up.
    breach = contact_services.record_contact(
        case,
        actor=officer,
        direction="outbound",
        channel="text",
        when=recent_weekday_at(11),
        outcome="message_sent",
        destination=SAFE_NUMBER,
        notes="Matrix breach",
        already_happened=True,
    )
    # The row only: the encrypted file is written per test (see _document), so building the
    # world leaves nothing under the real MEDIA_ROOT.
    document = Document.objects.create(
        case=case,
        kind="pdf",
        content_type="application/pdf",
        original_name="matrix.pdf",
        stored_name=secrets.token_hex(32),
        size_bytes=len(PDF_BYTES),
        sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
        uploaded_by=officer,
    )
    return {
        "case": case,
        "planned": planned,
        "note": note,
        "document": document,
        "breach": breach,
    }


def _next_weekday_eleven() -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(11), tzinfo=timezone.get_current_timezone())


def _case(world):
    return {"reference": world["case"].reference}


def _document(world):
    # The world is built once, before each test points MEDIA_ROOT at its own folder: put the
    # encrypted file where this test's download will look for it.
    document = world["document"]
    folder = settings.MEDIA_ROOT / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / document.stored_name).write_bytes(fernet().encrypt(PDF_BYTES))
    return {**_case(world), "document_id": document.pk}


CASE_PAGES = [
    "cases:contact",
    "cases:safe-contact-plan",
    "cases:contact-record",
    "cases:contact-schedule",
    "cases:chronology",
    "cases:chronology-note",
    "cases:chronology-incident",
    "cases:documents",
]

ROWS = [
    *[Row(name, kwargs=_case, expect=only(200, *CASEWORK)) for name in CASE_PAGES],
    Row(
        "cases:contact-outcome",
        kwargs=lambda w: {**_case(w), "contact_id": w["planned"].pk},
        expect=only(200, *CASEWORK),
    ),
    Row(
        "cases:contact-cancel",
        kwargs=lambda w: {**_case(w), "contact_id": w["planned"].pk},
        expect=only(200, *CASEWORK),
    ),
    Row(
        "cases:chronology-correct",
        kwargs=lambda w: {**_case(w), "entry_id": w["note"].pk},
        expect=only(200, *CASEWORK),
    ),
    Row("cases:document-download", kwargs=_document, expect=only(200, *CASEWORK)),
    Row("cases:contact-overrides", expect=only(200, "coordinator")),
    # Following up a contact against the plan is the coordinator's: a POST, then back to the list.
    Row(
        "cases:contact-override-follow-up",
        kwargs=lambda w: {"contact_id": w["breach"].pk},
        method="post",
        data={},
        expect=only(302, "coordinator"),
    ),
    # A POST from a role without case access changes nothing.
    Row(
        "cases:chronology-note",
        kwargs=_case,
        method="post",
        data={"text": "Matrix note by POST"},
        expect=only(302, *CASEWORK),
    ),
]
