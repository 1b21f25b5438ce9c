"""Every page an app registers for bench/ opens for the people bench/ times it as, with the
query it registers, so a benchmark never times an error page or a page nobody can open."""

import datetime as dt

import pytest
from django.urls import reverse

from haven.platform.registries import bench_pages
from tests.support.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("label", [page.label for page in bench_pages])
def test_each_benchmarked_page_opens_for_whoever_may_open_it(label, alice, cora, client_for):
    page = next(page for page in bench_pages if page.label == label)
    case = make_case(
        created_by=cora,
        owner=alice,
        given_name="Benchmark",
        family_name="Sample",
        date_of_birth=dt.date(1990, 5, 17),
        postcode="DE23 6AB",
        phone="07700 900123",
    )
    people = [p for p in (alice, cora) if page.permission is None or p.has_perm(page.permission)]
    assert people, f"nobody bench/ signs in as may open {label}"
    for person in people:
        client = client_for(person)
        if page.kind == "case":
            path = reverse(page.url_name, kwargs={"reference": case.reference})
        else:
            path = reverse(page.url_name)
        if page.query:
            path += "?" + page.query
        if page.kind == "search" and page.form is not None:
            response = client.post(path, dict(page.form(case)))
        else:
            response = client.get(path)

        assert response.status_code == 200, f"{label} as {person.email}"
        if page.shows_case:
            assert case.reference in response.content.decode()
