import pytest

from tests.support.contact import make_case, make_plan


@pytest.fixture
def case(alice):
    return make_case(owner=alice)


@pytest.fixture
def plan(case, alice):
    return make_plan(case, by=alice)
