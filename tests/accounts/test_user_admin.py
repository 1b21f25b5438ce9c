"""Administration of users: administrators only; each action confirmed, logged, and effective."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from haven.accounts import services
from haven.accounts.models import AuthenticatorDevice, Role, Team, User
from haven.audit.models import AuditEvent
from tests.support.accounts import make_passkey, password_step
from tests.support.personas import PASSWORD


def url(name: str, user: User) -> str:
    return reverse(name, kwargs={"pk": user.pk})


def test_administrator_lists_users_with_role_team_status_and_second_factor(
    client_for, ada, alice, newcomer
):
    page = client_for(ada).get(reverse("accounts:user-list")).content.decode()
    assert "Alice Officer" in page and "Case officer" in page and "North" in page
    assert "Nia Newcomer" in page and "Not yet" in page  # no second factor set up yet


def test_creating_a_user_sends_a_link_and_they_enrol_at_first_sign_in(
    client_for, ada, team_north, clock
):
    admin = client_for(ada)
    response = admin.post(
        reverse("accounts:user-create"),
        {
            "full_name": "Priya Shah",
            "email": "Priya.Shah@Example.org",
            "job_title": "Tenancy Services Officer",
            "role": Role.CASE_OFFICER,
            "team": team_north.pk,
            "gender": "Woman",
            "languages": "Gujarati, Hindi",
        },
    )
    priya = User.objects.get(email="priya.shah@example.org")
    assert response["Location"] == url("accounts:user-detail", priya)
    assert (priya.role, priya.team, priya.languages) == (
        Role.CASE_OFFICER,
        team_north,
        "Gujarati, Hindi",
    )
    assert not priya.has_usable_password()
    event = AuditEvent.objects.get(action="users.created")
    assert event.actor_id == ada.pk and event.object_id == str(priya.pk)

    assert mail.outbox[0].to == ["priya.shah@example.org"]
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(
        1
    )
    client = Client()
    form_url = client.get(link)["Location"]
    client.post(
        form_url,
        {
            "new_password1": "quiet meadow copper kettle",
            "new_password2": "quiet meadow copper kettle",
        },
    )
    assert password_step(client, priya.email, "quiet meadow copper kettle")["Location"] == reverse(
        "accounts:two-factor"
    )
    assert client.get(reverse("accounts:two-factor"))["Location"] == reverse(
        "accounts:two-factor-set-up"
    )


def test_the_new_user_form_explains_mistakes_and_keeps_what_was_typed(client_for, ada, alice):
    admin = client_for(ada)
    empty = admin.post(reverse("accounts:user-create"), {}).content.decode()
    for message in ("Enter their full name", "Enter their e-mail address", "Choose a role"):
        assert message in empty
    duplicate = admin.post(
        reverse("accounts:user-create"),
        {"full_name": "Another <b>Alice</b>", "email": "ALICE@example.org", "role": Role.STAFF},
    ).content.decode()
    assert "There is already an account with this e-mail address" in duplicate
    assert 'value="Another &lt;b&gt;Alice&lt;/b&gt;"' in duplicate
    odd_role = admin.post(
        reverse("accounts:user-create"),
        {"full_name": "X", "email": "x@example.org", "role": "superuser", "team": "999999"},
    ).content.decode()
    assert "Choose a role from the list" in odd_role and "Choose a team from the list" in odd_role
    assert User.objects.count() == 2


def test_changing_role_and_team(client_for, ada, alice, team_south):
    admin = client_for(ada)
    response = admin.post(
        url("accounts:user-edit", alice),
        {"full_name": alice.full_name, "role": Role.COORDINATOR, "team": team_south.pk},
    )
    assert response["Location"] == url("accounts:user-detail", alice)
    alice.refresh_from_db()
    assert (alice.role, alice.team) == (Role.COORDINATOR, team_south)
    event = AuditEvent.objects.get(action="users.updated")
    assert event.detail["fields"] == ["role", "team"]


def test_an_administrator_cannot_change_their_own_role_or_lock_themself_out(client_for, ada):
    admin = client_for(ada)
    admin.post(url("accounts:user-edit", ada), {"full_name": ada.full_name, "role": Role.STAFF})
    ada.refresh_from_db()
    assert ada.role == Role.ADMINISTRATOR
    for name in ("accounts:user-deactivate", "accounts:user-reset-second-factor"):
        response = admin.post(url(name, ada), {"reason": "testing"})
        assert response["Location"] == url("accounts:user-detail", ada)
    ada.refresh_from_db()
    assert ada.is_active and AuthenticatorDevice.objects.filter(user=ada).exists()


def test_deactivating_ends_their_sessions_at_once_and_stops_sign_in(client_for, ada, alice):
    alices_browser = client_for(alice)
    assert alices_browser.get("/").status_code == 200
    admin = client_for(ada)
    assert "Deactivate" in admin.get(url("accounts:user-deactivate", alice)).content.decode()
    admin.post(url("accounts:user-deactivate", alice), {"reason": "Left the organisation"})

    assert alices_browser.get("/").status_code == 302
    assert password_step(Client(), alice.email).status_code == 200  # refused, kindly
    event = AuditEvent.objects.get(action="users.deactivated")
    assert event.reason == "Left the organisation"

    admin.post(url("accounts:user-reactivate", alice), {"reason": "Returned from leave"})
    assert password_step(Client(), alice.email)["Location"] == reverse("accounts:two-factor")


def test_resetting_a_second_factor_makes_them_enrol_again(client_for, ada, alice):
    services._replace_recovery_codes(alice)
    make_passkey(alice)
    alices_browser = client_for(alice)
    admin = client_for(ada)
    admin.post(
        url("accounts:user-reset-second-factor", alice),
        {"reason": "Lost phone, confirmed by phone call"},
    )

    assert not services.has_second_factor(alice)
    assert services.recovery_codes_left(alice) == 0
    assert alices_browser.get("/").status_code == 302
    client = Client()
    password_step(client, alice.email)
    assert client.get(reverse("accounts:two-factor"))["Location"] == reverse(
        "accounts:two-factor-set-up"
    )
    event = AuditEvent.objects.get(action="users.second_factor_reset")
    assert event.detail == {"authenticator_apps": 1, "passkeys": 1, "recovery_codes": 10}


def test_sending_a_new_set_password_link(client_for, ada, alice):
    client_for(ada).post(url("accounts:user-send-set-password", alice))
    assert mail.outbox[0].to == [alice.email]
    assert AuditEvent.objects.filter(action="users.set_password_email_sent").count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "accounts:user-deactivate",
        "accounts:user-reset-second-factor",
        "accounts:user-unlock",
        "accounts:user-edit",
        "accounts:user-send-set-password",
    ],
)
def test_nobody_else_can_act_on_accounts(client_for, alice, bob, cora, max_manager, sam, name):
    for person in (alice, cora, max_manager, sam):
        response = client_for(person).post(
            url(name, bob), {"reason": "x", "full_name": "B", "role": Role.ADMINISTRATOR}
        )
        assert response.status_code == 403
    bob.refresh_from_db()
    assert bob.is_active and bob.role == Role.CASE_OFFICER and services.has_second_factor(bob)
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action__startswith="users.").exists()


def test_an_unknown_account_is_not_found(client_for, ada):
    admin = client_for(ada)
    assert admin.get(reverse("accounts:user-detail", kwargs={"pk": 999999})).status_code == 404
    # A number too big for the database is still just "not found", never an error.
    assert admin.get("/account/users/99999999999999999999999/").status_code == 404


def test_the_account_screens_say_nothing_of_cases(client_for, ada, alice):
    page = client_for(ada).get(url("accounts:user-detail", alice)).content.decode().lower()
    # The menu may offer "Log a concern" to everyone; the screen itself shows nothing of cases.
    main = page[page.index("<main") : page.index("</main>")]
    assert "/cases/" not in main
    assert "da-20" not in main
    assert PASSWORD not in page


def test_administrator_adds_and_renames_teams(client_for, ada, alice):
    admin = client_for(ada)
    listing = admin.get(reverse("accounts:team-list")).content.decode()
    assert "North" in listing
    assert (
        "There is already a team with this name"
        in admin.post(reverse("accounts:team-create"), {"name": "  north "}).content.decode()
    )
    assert (
        "Enter the team"
        in admin.post(reverse("accounts:team-create"), {"name": ""}).content.decode()
    )
    admin.post(reverse("accounts:team-create"), {"name": "East  Midlands"})
    east = Team.objects.get(name="East Midlands")
    admin.post(reverse("accounts:team-edit", kwargs={"pk": east.pk}), {"name": "East"})
    east.refresh_from_db()
    assert east.name == "East"
    assert list(
        AuditEvent.objects.filter(action__startswith="teams.").values_list("action", flat=True)
    ) == ["teams.created", "teams.renamed"]
    assert (
        client_for(alice).post(reverse("accounts:team-create"), {"name": "Mine"}).status_code == 403
    )
