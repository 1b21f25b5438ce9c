"""Production serves fingerprinted static files with far-future caching (issue 11: they came
with max-age=60). The manifest storage production uses is tried here on a throwaway STATIC_ROOT."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
TEN_YEARS = "max-age=315360000"


@pytest.fixture
def production_static_files(tmp_path):
    with override_settings(STORAGES=MANIFEST, STATIC_ROOT=tmp_path, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", "--noinput", stdout=StringIO())
        yield tmp_path


@pytest.mark.django_db
def test_pages_link_fingerprinted_files_that_browsers_may_keep_for_years(production_static_files):
    client = Client()
    page = client.get("/account/sign-in/")
    assert page.status_code == 200
    stylesheet = re.search(rb'href="(/static/haven\.[0-9a-f]{12}\.css)"', page.content)
    assert stylesheet, "the sign-in page links the fingerprinted stylesheet"

    served = client.get(stylesheet.group(1).decode())

    assert served.status_code == 200
    assert TEN_YEARS in served["Cache-Control"]
    assert "immutable" in served["Cache-Control"]
    # The GOV.UK assets the stylesheet points to were fingerprinted too.
    css = b"".join(served.streaming_content)
    assert re.search(rb"/static/assets/[^)]+\.[0-9a-f]{12}\.", css)
