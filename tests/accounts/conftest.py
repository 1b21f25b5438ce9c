import datetime as dt

import pytest
import time_machine

from haven.accounts.models import Role, User
from tests.support.personas import PASSWORD

# A weekday morning; the clock stands still unless a test moves it.
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def newcomer(db) -> User:
    """A new case officer who has chosen a password but not yet set up a second factor."""
    return User.objects.create_user(
        email="nia@example.org", password=PASSWORD, full_name="Nia Newcomer", role=Role.CASE_OFFICER
    )
