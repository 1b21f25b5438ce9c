"""Open Referral UK import and export: the shipped directory goes out and comes back the same."""

import json
from pathlib import Path

import pytest

from haven.directory import hsds
from haven.directory.models import Service
from haven.directory.services import as_data, export_services, import_services

SHIPPED = Path(__file__).resolve().parents[2] / "haven" / "directory" / "data" / "services.json"


def test_the_shipped_file_reads_back_to_the_same_document():
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert hsds.export_document(hsds.parse_document(document)) == document


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_services")
def test_the_shipped_directory_is_installed_with_national_and_local_services():
    assert Service.objects.get(key="national-domestic-abuse-helpline").open_24_7
    local = Service.objects.get(key="deaf-initely-women")
    assert not local.national and {a.name for a in local.areas.all()} == {
        "Derby",
        "Derbyshire",
        "High Peak",
    }
    assert Service.objects.get(key="ncdv").text == "Text NCDV to 607779"


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_services")
def test_an_export_imported_into_an_empty_directory_gives_the_same_services(ada):
    before = [as_data(s) for s in Service.objects.prefetch_related("areas").order_by("key")]
    document = json.loads(json.dumps(export_services(actor=ada)))
    Service.objects.all().delete()
    result = import_services(hsds.parse_document(document), actor=ada)
    after = [as_data(s) for s in Service.objects.prefetch_related("areas").order_by("key")]
    assert result.added == len(before) and after == before


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_services")
def test_importing_the_same_file_twice_changes_nothing(ada):
    document = export_services(actor=ada)
    result = import_services(hsds.parse_document(document), actor=ada)
    assert (result.added, result.changed) == (0, 0)


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_services")
def test_an_import_updates_by_id_and_never_deletes(ada):
    count = Service.objects.count()
    document = export_services(actor=ada)
    galop = next(s for s in document["services"] if s["id"] == "galop")
    galop["phones"][0]["number"] = "0800 000 0000"
    result = import_services(hsds.parse_document({"services": [galop]}), actor=ada)
    assert (result.added, result.changed) == (0, 1)
    assert Service.objects.get(key="galop").phone == "0800 000 0000"
    assert Service.objects.count() == count


def test_another_systems_taxonomy_is_ignored_not_refused():
    item = {
        "id": "x",
        "name": "X",
        "service_taxonomys": [{"taxonomy": {"id": "123", "vocabulary": "esd"}}],
    }
    assert hsds.parse_document({"services": [item]})[0].specialisms == []


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], 'a list of "services"'),
        ({"services": [{"id": "Bad Id!", "name": "X"}]}, "Service 1: its id must be"),
        ({"services": [{"id": "x"}]}, "Service 1 (x) has no name"),
        ({"services": [{"id": "x", "name": 3}]}, "Service 1 (x): name must be text"),
        (
            {"services": [{"id": "x", "name": "X"}, {"id": "x", "name": "Y"}]},
            "Two services have the id x",
        ),
        (
            {
                "services": [
                    {
                        "id": "x",
                        "name": "X",
                        "service_taxonomys": [
                            {"taxonomy": {"id": "nope", "vocabulary": "haven-specialisms"}}
                        ],
                    }
                ]
            },
            "'nope' is not a specialism Haven knows",
        ),
        ({"services": [{"id": "x", "name": "X", "phones": "0800"}]}, "phones must be a list"),
    ],
)
def test_a_file_we_cannot_read_is_refused_saying_where_and_why(document, message):
    with pytest.raises(hsds.HsdsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        hsds.parse_document(document)


def _one(**fields):
    return {"services": [{"id": "x", "name": "X", **fields}]}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        # Another system's file may put any shape anywhere: each is refused by name, not a 500.
        (_one(organization="Refuge"), "Service 1 (x): organization must be an object"),
        (_one(x_haven=["text"]), "Service 1 (x): x_haven must be an object"),
        (_one(service_taxonomys=[{"taxonomy": ["galop"]}]), "taxonomy must be an object"),
        (
            _one(
                service_taxonomys=[{"taxonomy": {"id": ["a"], "vocabulary": "haven-specialisms"}}]
            ),
            "is not a specialism Haven knows",
        ),
        (_one(phones=[{"number": "0800", "description": ["Phone"]}]), "phone description"),
        (
            _one(regular_schedules=[{"byday": ["MO"], "description": 5}]),
            "opening hours must be text",
        ),
        # A null character is refused by PostgreSQL, and is no part of any real text.
        (_one(name="Galop\x00"), "Service 1 (x): name must not contain"),
        # Links are shown to survivors and staff: only web addresses.
        (_one(url="javascript:alert(1)"), "Service 1 (x): url must be a web address"),
        (_one(x_haven={"chat": "data:text/html,hi"}), "Service 1 (x): chat must be a web address"),
        (_one(email="not an address"), "Service 1 (x): e-mail must be an e-mail address"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_saying_where_and_why(document, message):
    with pytest.raises(hsds.HsdsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        hsds.parse_document(document)


def test_good_web_and_e_mail_addresses_are_taken():
    service = hsds.parse_document(
        _one(url="https://galop.org.uk", email="help@galop.org.uk", x_haven={"chat": ""})
    )[0]
    assert (service.website, service.email, service.chat) == (
        "https://galop.org.uk",
        "help@galop.org.uk",
        "",
    )
