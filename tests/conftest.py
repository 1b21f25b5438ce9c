"""Fixtures every test gets: the personas and browser harness (tests/support), and a clean slate
(cache, uploads, fast password hashing) for each test."""

import os

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from it (PITFALLS.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest

# Personas and the browser harness, for every test in any folder.
pytest_plugins = ["tests.support.personas", "tests.support.browser"]


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


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and throttles count in the cache: one test's counts must not leak into the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
