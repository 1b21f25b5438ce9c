"""Fixtures every test gets: the personas and browser harness (tests/support), and a clean slate
(cache, uploads, fast password hashing) for each test."""

import os

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from it (PITFALLS.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest

# Personas and the browser harness, for every test in any folder.
pytest_plugins = ["tests.support.personas", "tests.support.browser", "tests.support.directory"]


@pytest.fixture(autouse=True, scope="session")
def _flush_may_empty_access_log():
    # The access log refuses DELETE and TRUNCATE; only the harness's flush between
    # transactional and live-server tests may lift that (tests/support/flush_permit.py).
    from tests.support.flush_permit import flush_lifts_access_log_triggers

    with flush_lifts_access_log_triggers():
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that do not test hashing do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    # Rate limits and throttles count in the cache: one test's counts must not leak into the next.
    # The cache is the database cache (as in production), so only a test that may use the
    # database has one to clear; a transactional test's flush does not empty its table.
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if not (marker or DATABASE_FIXTURES & names):
        yield
        return
    from django.core.cache import cache

    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & names
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    # A request to a Welsh page leaves Welsh active in the test's thread (LocaleMiddleware does
    # not switch back): the next test must start in English, as every request outside /cy/ does.
    yield
    from django.utils import translation

    translation.activate("en-gb")
