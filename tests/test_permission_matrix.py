"""The permission matrix: every URL pattern of Haven, for every role, gets the expected status.

Rows live in tests/<app>/matrix.py (format in tests/support/matrix.py). This module:
- walks every URL pattern of haven.urls, through includes, with namespaced names;
- fails if a URL pattern has no row, or a row names a URL that does not exist;
- requests every row as every role and checks the status (for anonymous redirects: to sign-in);
- checks that someone who has signed in with a password but not passed the second factor is
  sent to the second-factor page from everything except the sign-in, MFA, password-reset and
  public pages.

Speed: the personas and every matrix module's `world(personas)` are built once per run of this
module inside one transaction (rolled back at the end); every test then runs in a savepoint of
its own that is rolled back, so a POST row cannot change what the next role sees.
"""

import fnmatch
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY

from haven.accounts.models import Role, Team, User
from haven.audit.models import AuditEvent
from haven.cases.models import Case
from tests.support.matrix import ROLES, Row
from tests.support.personas import make_user, signed_in_client

TESTS_DIR = Path(__file__).resolve().parent

# Also what makes pytest-django create the test database at all: it sets up only the databases
# that collected tests are marked to use, and the world below is built before any test's own
# transaction begins.
pytestmark = pytest.mark.django_db

# Which persona (tests/support/personas.py) plays each role of the matrix.
PERSONA_FOR_ROLE = {
    "staff": "staff",
    "case_officer": "case_officer",
    "coordinator": "coordinator",
    "manager": "manager",
    "administrator": "administrator",
}

# URL names someone may reach after the password but before the second factor: signing in and
# out, the second factor itself (and enrolling one), password reset, passkey endpoints and the
# public (tenant) pages. Everything else must send them to the second-factor page. Kept here, not
# read from the middleware, so that the test checks the middleware rather than repeating it.
ALLOWED_BEFORE_SECOND_FACTOR = (
    "accounts:sign-in",
    "accounts:sign-out",
    "accounts:two-factor",  # enter a code
    "accounts:two-factor-*",  # a recovery code instead; set up a first authenticator
    "accounts:recovery-codes",  # shown once, straight after setting up the authenticator
    "accounts:password-reset*",
    "otp_webauthn:*",  # passkey ceremonies are the second factor
    "public:*",
)


# --- URL patterns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlPatternInfo:
    name: str | None  # "namespace:name", or None for an unnamed pattern
    route: str  # the full route, for messages


def walk_url_patterns(
    patterns: list[Any], namespace: str = "", prefix: str = ""
) -> Iterator[UrlPatternInfo]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_url_patterns(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            name = None
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield UrlPatternInfo(name=name, route=route)


def all_url_patterns() -> list[UrlPatternInfo]:
    return list(walk_url_patterns(get_resolver().url_patterns))


# --- Matrix rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixEntry:
    module: str  # e.g. "tests.cases.matrix"
    row: Row
    label: str  # unique, readable: "cases:detail" or "cases:detail[post]" or "...#2"


def matrix_modules() -> list[str]:
    modules = []
    for path in sorted(TESTS_DIR.rglob("matrix.py")):
        relative = path.relative_to(TESTS_DIR.parent).with_suffix("")
        modules.append(".".join(relative.parts))
    return modules


def collect_entries() -> list[MatrixEntry]:
    entries: list[MatrixEntry] = []
    seen: dict[str, int] = {}
    for module_name in matrix_modules():
        module = importlib.import_module(module_name)
        for row in getattr(module, "ROWS", []):
            label = row.name if row.method.lower() == "get" else f"{row.name}[{row.method.lower()}]"
            seen[label] = seen.get(label, 0) + 1
            if seen[label] > 1:
                label = f"{label}#{seen[label]}"
            entries.append(MatrixEntry(module=module_name, row=row, label=label))
    return entries


ENTRIES = collect_entries()


# --- One world per run of this module ---------------------------------------------------------------


def build_personas() -> dict[str, User]:
    """The same people as the `personas` fixture in tests/support/personas.py."""
    north = Team.objects.get_or_create(name="North")[0]
    south = Team.objects.get_or_create(name="South")[0]
    return {
        "case_officer": make_user("alice@example.org", "Alice Officer", Role.CASE_OFFICER, north),
        "other_officer": make_user("bob@example.org", "Bob Officer", Role.CASE_OFFICER, south),
        "coordinator": make_user("cora@example.org", "Cora Coordinator", Role.COORDINATOR, north),
        "manager": make_user("max@example.org", "Max Manager", Role.MANAGER),
        "administrator": make_user("ada@example.org", "Ada Administrator", Role.ADMINISTRATOR),
        "staff": make_user("sam@example.org", "Sam Staff", Role.STAFF),
        "named_elsewhere": make_user("nina@example.org", "Nina Named", Role.CASE_OFFICER, south),
    }


@dataclass
class MatrixWorld:
    personas: dict[str, User]
    worlds: dict[str, dict[str, Any]]  # matrix module name -> its world


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker) -> Iterator[MatrixWorld]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                personas = build_personas()
                worlds = {}
                for module_name in matrix_modules():
                    builder = getattr(importlib.import_module(module_name), "world", None)
                    worlds[module_name] = builder(personas) if builder else {}
            yield MatrixWorld(personas=personas, worlds=worlds)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def matrix(matrix_world) -> MatrixWorld:
    """The shared world. pytest-django's `django_db` mark (see `pytestmark`) runs each test in a
    savepoint inside the module's transaction and rolls it back, so a POST row or a sign-in
    cannot change what the next role sees."""
    return matrix_world


def url_for(entry: MatrixEntry, world: MatrixWorld) -> str:
    kwargs = entry.row.resolve_kwargs(world.worlds[entry.module])
    try:
        return reverse(entry.row.name, kwargs=kwargs or None)
    except NoReverseMatch:
        pytest.fail(
            f"Matrix row {entry.label} (in {entry.module}) gives kwargs {sorted(kwargs)}, which "
            "do not fit its URL pattern: give every converter a value (kwargs=lambda world: ...)",
            pytrace=False,
        )


def send(client: Client, entry: MatrixEntry, url: str):
    method = getattr(client, entry.row.method.lower())
    if entry.row.data is not None:
        return method(url, data=entry.row.data)
    return method(url)


def sign_in_path() -> str:
    return resolve_url(settings.LOGIN_URL)


def half_signed_in_client(user: User) -> Client:
    """Signed in with e-mail and password, but the second factor not yet passed: the same
    session as a fully signed-in client's, less the record of the verified device."""
    client = signed_in_client(user)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()
    return client


def describe(response) -> str:
    location = response.get("Location")
    return f"{response.status_code}" + (f" -> {location}" if location else "")


# --- Coverage: every URL has a row, every row has a URL ---------------------------------------------


def test_every_url_pattern_has_a_matrix_row():
    covered = {entry.row.name for entry in ENTRIES}
    problems = []
    for info in all_url_patterns():
        if info.name is None:
            problems.append(f"/{info.route} has no URL name: name it and add a matrix row")
        elif info.name not in covered:
            problems.append(f"{info.name} (/{info.route}) has no row in any tests/**/matrix.py")
    assert not problems, "URL patterns missing from the permission matrix:\n" + "\n".join(problems)


def test_every_matrix_row_names_a_url_that_exists():
    names = {info.name for info in all_url_patterns() if info.name}
    unknown = [f"{e.row.name} (in {e.module})" for e in ENTRIES if e.row.name not in names]
    assert not unknown, "Matrix rows name URLs that do not exist:\n" + "\n".join(unknown)


def test_every_matrix_row_expects_only_known_roles():
    odd = [
        f"{e.label}: {sorted(set(e.row.expect) - set(ROLES))}"
        for e in ENTRIES
        if set(e.row.expect) - set(ROLES)
    ]
    assert not odd, "Matrix rows with roles the matrix does not know:\n" + "\n".join(odd)


# --- The matrix itself -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "role"),
    [pytest.param(entry, role, id=f"{entry.label}-{role}") for entry in ENTRIES for role in ROLES],
)
def test_role_gets_expected_status(matrix, entry, role):
    world = matrix
    url = url_for(entry, world)
    if role == "anonymous":
        client = Client()
    else:
        client = signed_in_client(world.personas[PERSONA_FOR_ROLE[role]])

    response = send(client, entry, url)

    expected = entry.row.expect[role]
    assert response.status_code == expected, (
        f"{entry.row.method.upper()} {url} ({entry.row.name}) as {role}: "
        f"expected {expected}, got {describe(response)}"
    )
    if role == "anonymous" and expected == 302:
        location = response["Location"].split("?")[0]
        assert location == sign_in_path(), (
            f"{url} ({entry.row.name}) sends a signed-out visitor to {location}, not to sign-in"
        )


# Two more columns, derived for every row instead of written in each: a case officer who works
# elsewhere (another team, not on the case) and one who is named on a different restricted case.
# On a page of a case (its URL names the case) both get a 404 that says nothing of the case,
# and the attempt is in the access log; anywhere else they get what any case officer gets.
SCOPE_COLUMNS = {"outside_officer": "other_officer", "named_elsewhere": "named_elsewhere"}


@pytest.mark.parametrize(
    ("entry", "column"),
    [
        pytest.param(entry, column, id=f"{entry.label}-{column}")
        for entry in ENTRIES
        for column in SCOPE_COLUMNS
    ],
)
def test_officers_outside_a_case_cannot_tell_it_exists(matrix, entry, column):
    world = matrix
    url = url_for(entry, world)
    kwargs = entry.row.resolve_kwargs(world.worlds[entry.module])
    person = world.personas[SCOPE_COLUMNS[column]]

    response = send(signed_in_client(person), entry, url)

    reference = kwargs.get("reference")
    if reference is None:
        expected = entry.row.outsiders or entry.row.expect["case_officer"]
        assert response.status_code == expected, (
            f"{entry.row.method.upper()} {url} as {column}: expected what any case officer "
            f"gets ({expected}), got {describe(response)}"
        )
        return
    assert response.status_code == 404, (
        f"{entry.row.method.upper()} {url} as {column}: expected 404, got {describe(response)}"
    )
    case = Case.objects.get(reference=reference)
    assert AuditEvent.objects.filter(
        action="case.access_refused", actor=person, object_id=str(case.pk)
    ).exists(), f"{url} as {column}: the refused attempt is not in the access log"


REFUSALS = (302, 403, 404)


@pytest.mark.parametrize(
    ("entry", "role"),
    [
        pytest.param(entry, role, id=f"{entry.label}-{role}")
        for entry in ENTRIES
        if entry.row.method.lower() == "get"
        for role in ROLES
        if entry.row.expect[role] in REFUSALS
    ],
)
def test_a_post_is_refused_wherever_the_page_is(matrix, entry, role):
    """Every view that accepts a POST checks who is posting as its GET does: posting where the
    page is refused gets the same refusal (or 405 where the view takes no POST at all)."""
    world = matrix
    url = url_for(entry, world)
    client = Client() if role == "anonymous" else signed_in_client(world.personas[role])

    response = client.post(url, data={})

    expected = entry.row.expect[role]
    assert response.status_code in (expected, 405), (
        f"POST {url} ({entry.row.name}) as {role}: expected {expected} as for GET, "
        f"got {describe(response)}"
    )


def is_allowed_before_second_factor(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in ALLOWED_BEFORE_SECOND_FACTOR)


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.label) for e in ENTRIES])
def test_second_factor_is_required_before_anything_else(matrix, entry):
    world = matrix
    url = url_for(entry, world)
    client = half_signed_in_client(world.personas["case_officer"])

    response = send(client, entry, url)

    if is_allowed_before_second_factor(entry.row.name):
        return  # reached without a redirect loop or an error; its own tests cover the rest
    two_factor_path = reverse("accounts:two-factor")
    sent_to_two_factor = (
        response.status_code == 302 and response["Location"].split("?")[0] == two_factor_path
    )
    if entry.row.expect["anonymous"] < 300:
        # A public page: someone half signed in may see it, or be asked for the second factor;
        # never anything more than a signed-out visitor gets.
        assert sent_to_two_factor or response.status_code == entry.row.expect["anonymous"], (
            f"{url} ({entry.row.name}) before the second factor: got {describe(response)}"
        )
    else:
        assert sent_to_two_factor, (
            f"{entry.row.method.upper()} {url} ({entry.row.name}) before the second factor: "
            f"expected a redirect to {two_factor_path}, got {describe(response)}"
        )


def test_a_password_alone_cannot_add_a_passkey(matrix):
    # Passkey endpoints are reachable before the second factor (they can *be* the second
    # factor), so someone holding only the password must not be able to register their own.
    client = half_signed_in_client(matrix.personas["case_officer"])

    response = client.post(reverse("otp_webauthn:credential-registration-begin"))

    assert response.status_code == 403
