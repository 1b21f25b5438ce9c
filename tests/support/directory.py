"""The directory's shipped services for tests.

A data migration installs them, but a test that flushes the database (any transactional test,
the browser journeys among them) empties the table for every test after it: tests that need
the shipped services ask for them here, whatever ran before."""

import json

import pytest

from haven.directory.hsds import SHIPPED_SERVICES, parse_document
from haven.directory.models import Area, Service
from haven.directory.services import load_services


def ensure_shipped_services() -> None:
    if not Service.objects.exists():
        document = json.loads(SHIPPED_SERVICES.read_text(encoding="utf-8"))
        load_services(parse_document(document), Service, Area)


@pytest.fixture
def shipped_services(db) -> None:
    ensure_shipped_services()
