from django.urls import reverse

from tests.support.factories import make_case


def test_every_case_page_renders_for_the_owner(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)
    for name in [
        "cases:detail",
        "cases:record",
        "cases:edit-summary",
        "cases:edit-survivor",
        "cases:edit-needs",
        "cases:edit-equality",
        "cases:edit-tenancy",
        "cases:edit-abuse",
        "cases:edit-children",
        "cases:household-add",
        "cases:perpetrator-add",
        "cases:manage",
        "cases:status",
        "cases:close",
    ]:
        response = client.get(reverse(name, kwargs={"reference": case.reference}))
        assert response.status_code == 200, name
    for name in ["cases:triage", "cases:list", "cases:search", "cases:new", "cases:log-concern"]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client_for(cora).get(reverse("cases:reviews")).status_code == 200
