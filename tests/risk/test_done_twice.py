"""Recording something as done a second time (the Back button and Send again, a second press of
the button on a slow connection): the officer is taken back to the tab and told it is already
recorded, never shown "Page not found" as if their work had been lost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.risk import services as risk_services
from haven.support import services as support_services
from tests.risk.factories import answers_with
from tests.support.factories import make_case
from tests.support.html import visible_text
from tests.support.personas import signed_in_client

pytestmark = pytest.mark.django_db


def _date(name: str, day: dt.date) -> dict[str, int]:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def _marac_action(case, officer):
    action = risk_services.add_action(
        case,
        description="Share the safety plan with the police",
        owner=officer,
        due_on=timezone.localdate() + dt.timedelta(days=7),
        meeting=None,
        actor=officer,
    )
    url = reverse("risk:action-done", args=[case.reference, action.pk])
    data = {
        **_date("completed_on", timezone.localdate()),
        "evidence": "Sent on the secure e-mail",
    }
    return url, data, "risk:case", "already marked as done"


def _dvds(case, officer):
    application = risk_services.record_dvds_application(
        case, route="right_to_ask", applied_on=timezone.localdate(), notes="", actor=officer
    )
    url = reverse("risk:dvds-decision", args=[case.reference, application.pk])
    data = {
        "status": "decided",
        "outcome": "disclosed",
        **_date("decided_on", timezone.localdate()),
    }
    return url, data, "risk:case", "already recorded"


def _dash_draft(case, officer):
    draft = risk_services.save_dash_draft(
        case, None, answers=answers_with(3), judgement={}, actor=officer
    )
    url = reverse("risk:dash-edit", args=[case.reference, draft.pk])
    data = {"action": "submit", **_date("assessed_on", timezone.localdate())}
    data.update({f"q{n}": "yes" if n <= 3 else "no" for n in range(1, 25)})
    return url, data, "risk:case", "already submitted"


def _lock_change(case, officer):
    item = support_services.request_security(
        case,
        kind="lock_change",
        requested_at=timezone.now() - dt.timedelta(hours=3),
        actor=officer,
    )
    now = timezone.localtime()
    url = reverse("support:security-complete", args=[case.reference, item.pk])
    data = {
        **_date("date", now.date()),
        "time": f"{now:%H:%M}",
        "keys_recovered": "yes",
    }
    return url, data, "support:case", "already recorded as done"


def _alert(case, officer):
    alert = support_services.add_alert(
        case,
        reference="PR-7781",
        address="5 Elm Walk, Derby",
        postcode="DE1 3AA",
        kind="no_lone_visits",
        contact="Tenancy Services, 0345 000 0000",
        review_on=timezone.localdate() + dt.timedelta(days=30),
        actor=officer,
    )
    url = reverse("support:alert-end", args=[case.reference, alert.pk])
    return url, {}, "support:case", "already ended"


@pytest.mark.parametrize(
    "build", [_marac_action, _dvds, _dash_draft, _lock_change, _alert], ids=lambda f: f.__name__
)
def test_sending_a_done_form_again_goes_back_to_the_tab_saying_so(alice, cora, build):
    case = make_case(created_by=cora, owner=alice)
    url, data, tab, words = build(case, alice)
    client = signed_in_client(alice)
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]

    again = client.post(url, data, follow=True)

    assert again.status_code == 200
    assert again.redirect_chain[-1][0] == reverse(tab, args=[case.reference])
    assert words in visible_text(again.content.decode())
    # Opening the form's address again (from the history, say) says the same.
    assert client.get(url).status_code == 302


def test_another_cases_record_is_still_page_not_found(alice, cora):
    case, other = (make_case(created_by=cora, owner=alice) for _ in range(2))
    url, data, _tab, _words = _marac_action(other, alice)
    client = signed_in_client(alice)
    client.post(url, data)

    wrong_case = url.replace(other.reference, case.reference)

    assert client.post(wrong_case, data).status_code == 404
    assert client.get(wrong_case).status_code == 404
