"""Shared fixtures: test personas for every role, and clients already signed in with MFA.

Personas (all synthetic):
- alice: case officer, team North;   bob: case officer, team South
- cora: domestic abuse coordinator;  max: manager;  ada: administrator;  sam: staff member
"""

import os

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from it (PITFALLS.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts.middleware import SESSION_EPOCH, SESSION_LAST_SEEN
from haven.accounts.models import Role, Team, User

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True, scope="session")
def _flush_may_empty_access_log():
    # The access log refuses DELETE and TRUNCATE; only the harness's flush between
    # transactional and live-server tests may lift that (tests/audit/flush_permit.py).
    from tests.audit.flush_permit import flush_lifts_access_log_triggers

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


def make_user(email: str, full_name: str, role: str, team: Team | None = None, **extra) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, full_name=full_name, role=role, team=team, **extra
    )
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


@pytest.fixture
def team_north(db) -> Team:
    return Team.objects.get_or_create(name="North")[0]


@pytest.fixture
def team_south(db) -> Team:
    return Team.objects.get_or_create(name="South")[0]


@pytest.fixture
def alice(team_north) -> User:
    return make_user("alice@example.org", "Alice Officer", Role.CASE_OFFICER, team_north)


@pytest.fixture
def bob(team_south) -> User:
    return make_user("bob@example.org", "Bob Officer", Role.CASE_OFFICER, team_south)


@pytest.fixture
def cora(team_north) -> User:
    return make_user("cora@example.org", "Cora Coordinator", Role.COORDINATOR, team_north)


@pytest.fixture
def max_manager(db) -> User:
    return make_user("max@example.org", "Max Manager", Role.MANAGER)


@pytest.fixture
def ada(db) -> User:
    return make_user("ada@example.org", "Ada Administrator", Role.ADMINISTRATOR)


@pytest.fixture
def sam(db) -> User:
    return make_user("sam@example.org", "Sam Staff", Role.STAFF)


def signed_in_client(user: User) -> Client:
    """A client signed in as `user` who has passed the second factor."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_EPOCH] = user.session_epoch
    import time

    session[SESSION_LAST_SEEN] = int(time.time())
    session.save()
    return client


@pytest.fixture
def personas(alice, bob, cora, max_manager, ada, sam) -> dict[str, User]:
    return {
        "case_officer": alice,
        "other_officer": bob,
        "coordinator": cora,
        "manager": max_manager,
        "administrator": ada,
        "staff": sam,
    }


@pytest.fixture
def client_for():
    return signed_in_client
