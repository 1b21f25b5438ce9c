"""The chronology as a bottom layer: entries of registered kinds only, written through one
service; any app's kind shows on the chronology page with its own label, filter and card."""

import copy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from haven.cases.models.chronology import ChronologyEntry
from haven.cases.services import chronology as chronology_services
from haven.cases.services import contact as contact_services
from haven.platform.registries import ChronologyKind, chronology_kinds

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"
REFERRAL = ChronologyKind(
    "test_referral", "Outreach referral", "chronology_test/referral.html", order=90
)


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"reference": case.reference, **kwargs})


@pytest.fixture
def referral_kind(settings):
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates
    with chronology_kinds.temporarily(REFERRAL):
        yield REFERRAL


def test_an_unregistered_kind_is_refused_and_nothing_is_written(case, alice):
    with pytest.raises(ValueError, match="'mystery' is not a registered chronology kind"):
        chronology_services.add_entry(
            case, kind="mystery", occurred_at=timezone.now(), narrative="x", actor=alice
        )
    with pytest.raises(chronology_services.UnregisteredKind):
        chronology_services.add_entries(
            [
                ChronologyEntry(
                    case=case,
                    kind="mystery",
                    occurred_at=timezone.now(),
                    recorded_by=alice,
                    narrative="x",
                )
            ]
        )
    assert not ChronologyEntry.objects.exists()


def test_a_registered_kind_is_written_with_who_and_when(case, alice, referral_kind):
    occurred = timezone.now() - timezone.timedelta(days=2)
    entry = chronology_services.add_entry(
        case, kind=referral_kind.key, occurred_at=occurred, narrative="Consent given", actor=alice
    )
    entry.refresh_from_db()
    assert (entry.kind, entry.occurred_at, entry.recorded_by) == ("test_referral", occurred, alice)
    assert entry.recorded_at >= occurred
    assert str(entry) == f"Outreach referral on case {case.pk}"


def test_a_correction_stays_on_the_case_of_the_entry_it_corrects(case, alice):
    from tests.support.contact import make_case

    note = chronology_services.record_note(case, actor=alice, text="A note")
    other = make_case(owner=alice)
    with pytest.raises(ValueError, match="same case"):
        chronology_services.add_entry(
            other,
            kind="note",
            occurred_at=timezone.now(),
            narrative="x",
            actor=alice,
            corrects=note,
        )


def test_the_select_related_list_comes_from_the_registered_kinds(referral_kind):
    registered = chronology_services.related_names()
    # The case app's own kinds first (in their order), then other apps' (the directory's...).
    assert registered[:3] == ["contact_record", "incident", "document_record"]
    assert registered == list(dict.fromkeys(n for k in chronology_kinds for n in k.related))
    with chronology_kinds.temporarily(
        ChronologyKind("test_other", "Other", "cases/chronology/note.html", related=("incident",))
    ):
        # A name two kinds share is fetched once.
        assert chronology_services.related_names() == registered


def test_another_apps_kind_shows_with_its_label_card_and_filter(
    client_for, alice, case, referral_kind
):
    chronology_services.record_note(case, actor=alice, text="A plain note")
    chronology_services.add_entry(
        case,
        kind=referral_kind.key,
        occurred_at=timezone.now(),
        narrative="Survivor agreed to the referral",
        actor=alice,
    )
    client = client_for(alice)
    page = client.get(url("chronology", case)).content.decode()
    assert "Outreach referral: " in page
    assert "Referred to" in page and "Synthetic outreach service" in page
    assert "Survivor agreed to the referral" in page
    assert '<option value="test_referral">Outreach referral</option>' in page
    assert "A plain note" in page

    filtered = client.get(url("chronology", case), {"kind": "test_referral"}).content.decode()
    assert "Chronology (outreach referral)" in filtered
    assert '<option value="test_referral" selected>Outreach referral</option>' in filtered
    assert "Synthetic outreach service" in filtered
    assert "A plain note" not in filtered


def test_a_kind_no_longer_registered_is_not_offered_but_its_entries_still_show(
    client_for, alice, case, referral_kind
):
    chronology_services.add_entry(
        case,
        kind=referral_kind.key,
        occurred_at=timezone.now(),
        narrative="Written while the app was installed",
        actor=alice,
    )
    chronology_kinds.unregister(referral_kind.key)
    page = client_for(alice).get(url("chronology", case)).content.decode()
    assert 'value="test_referral"' not in page
    assert "Test referral: " in page
    assert "Written while the app was installed" in page


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _contacts_and_documents(case, alice, count):
    from tests.support.contact import SAFE_NUMBER, make_plan, recent_weekday_at

    make_plan(case, by=alice)
    for index in range(count):
        contact_services.record_contact(
            case,
            actor=alice,
            direction="outbound",
            channel="phone",
            when=recent_weekday_at(10, index),
            outcome="spoke" if index % 2 else "no_answer",
            destination=SAFE_NUMBER,
            notes=f"Contact {index}",
        )
        chronology_services.store_document(
            case, actor=alice, filename=f"Letter {index}.pdf", content=PDF_BYTES
        )
        chronology_services.record_incident(
            case,
            actor=alice,
            occurred_on=timezone.localdate(),
            summary=f"Incident {index}",
            reported_to_police=True,
            crime_reference=f"CR/{index}/26",
        )


def test_each_kinds_own_rows_cost_no_query_per_entry(
    client_for, alice, settings, tmp_path, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support.contact import make_case

    settings.MEDIA_ROOT = tmp_path
    small, large = make_case(owner=alice), make_case(owner=alice)
    _contacts_and_documents(small, alice, 1)
    _contacts_and_documents(large, alice, 12)
    client = client_for(alice)
    client.get(url("chronology", small))  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("chronology", small)).status_code == 200
    with django_assert_max_num_queries(len(few)):
        page = client.get(url("chronology", large)).content.decode()
    assert page.count("Download Letter") == 12
    assert "CR/11/26" in page
    assert "Contact 11" in page
