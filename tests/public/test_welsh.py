"""The public pages in Welsh (/cy/get-help/), and the catalogue that keeps them so."""

import gettext
import importlib.util
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from haven.public.po import parse_po
from tests.support.html import visible_text

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "haven" / "public" / "locale" / "cy" / "LC_MESSAGES"
PAGES = [
    "public:home",
    "public:what-is-abuse",
    "public:how-we-help",
    "public:services",
    "public:staying-safe-online",
    "public:call-back",
]


def welsh_url(name: str) -> str:
    with translation.override("cy"):
        return reverse(name)


def english_url(name: str) -> str:
    with translation.override("en-gb"):
        return reverse(name)


def test_welsh_addresses_carry_the_cy_prefix_and_english_ones_none():
    assert welsh_url("public:home") == "/cy/get-help/"
    assert reverse("public:home") == "/get-help/"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_public_page_is_in_welsh_with_a_way_back_to_english(name):
    response = Client().get(welsh_url(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy"' in html
    assert "Gadael y dudalen hon" in html  # Exit this page
    assert f'href="{english_url(name)}" hreflang="en-gb" lang="en-gb">English</a>' in html
    assert not response.cookies


@pytest.mark.django_db
def test_an_english_page_offers_welsh():
    html = Client().get(english_url("public:home")).content.decode()
    assert 'href="/cy/get-help/" hreflang="cy" lang="cy">Cymraeg</a>' in html
    assert '<html lang="en-GB"' in html


@pytest.mark.django_db
def test_a_welsh_call_back_request_gets_welsh_errors_and_reaches_triage():
    from haven.cases.models import Case

    url = welsh_url("public:call-back")
    response = Client().post(url, {"in_danger_now": "no"})
    assert "Dewiswch o leiaf un ffordd ddiogel i ni gysylltu â chi" in visible_text(
        response.content.decode()
    )
    response = Client().post(
        url,
        {
            "in_danger_now": "no",
            "contact_ways": ["text"],
            "phone": "07700 900 982",
            "safe_times": ["any"],
            "voicemail_allowed": "no",
            "may_say_who_we_are": "no",
        },
    )
    assert "Cais wedi" in response.content.decode()
    assert Case.objects.get().survivor.safe_contact_plan.allowed_channels == ["text"]


@pytest.mark.django_db
def test_staff_pages_stay_english_whatever_the_browser_asks_for():
    response = Client(HTTP_ACCEPT_LANGUAGE="cy").get(reverse("accounts:sign-in"))
    assert '<html lang="en-GB"' in response.content.decode()


def _script():
    spec = importlib.util.spec_from_file_location(
        "public_messages", ROOT / "scripts" / "public_messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_public_string_has_a_welsh_translation():
    catalogue = {
        entry.msgid: entry for entry in parse_po((LOCALE / "django.po").read_text(encoding="utf-8"))
    }
    script = _script()
    wanted = [m[0] if isinstance(m, tuple) else m for m in script.template_messages()]
    wanted += script.python_messages()
    untranslated = [m for m in wanted if m not in catalogue or not catalogue[m].translated]
    assert not untranslated, "Run scripts/public_messages.py and translate:\n" + "\n".join(
        untranslated
    )


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    for entry in parse_po((LOCALE / "django.po").read_text(encoding="utf-8")):
        if entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[1]
        else:
            assert mo.gettext(entry.msgid) == entry.msgstr, (
                f"django.mo is stale: run scripts/public_messages.py --compile ({entry.msgid[:40]})"
            )
