"""The test personas (all synthetic) and clients already signed in with a second factor.

- alice: case officer, team North;   bob: case officer, team South
- cora: domestic abuse coordinator;  max: manager;  ada: administrator;  sam: staff member
"""

import time

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from haven.accounts.middleware import SESSION_EPOCH, SESSION_LAST_SEEN
from haven.accounts.models import AuthenticatorDevice, Role, Team, User

PASSWORD = "correct horse battery staple"


def make_user(email: str, full_name: str, role: str, team: Team | None = None, **extra) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, full_name=full_name, role=role, team=team, **extra
    )
    AuthenticatorDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
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
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_EPOCH] = user.session_epoch
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
