"""A case someone may not see answers exactly as a case that does not exist: the same status,
the same page and the same headers, on every case page of risk, support and the directory, to
GET and POST alike. Only the access log (which they cannot read) knows the difference."""

import re

import pytest
from django.urls import reverse

from tests.directory import matrix as directory_matrix
from tests.risk import matrix as risk_matrix
from tests.support.personas import signed_in_client
from tests.support_app import matrix as support_matrix

pytestmark = pytest.mark.django_db

NO_SUCH_CASE = "DA-2026-99999"


def _same_page(html: str) -> str:
    # Only the per-response nonce and token differ between any two responses.
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("matrix", [support_matrix, risk_matrix, directory_matrix])
def test_a_hidden_case_answers_as_one_that_does_not_exist(personas, matrix):
    world = matrix.world(personas)
    outsider = signed_in_client(personas["other_officer"])
    checked = 0
    for row in matrix.ROWS:
        kwargs = row.resolve_kwargs(world)
        if "reference" not in kwargs:
            continue
        hidden = reverse(row.name, kwargs=kwargs)
        missing = reverse(row.name, kwargs={**kwargs, "reference": NO_SUCH_CASE})
        for method in ("get", "post"):
            seen, unknown = getattr(outsider, method)(hidden), getattr(outsider, method)(missing)
            assert seen.status_code == unknown.status_code == 404, (row.name, method)
            assert sorted(seen.headers) == sorted(unknown.headers), (row.name, method)
            assert _same_page(seen.content.decode()) == _same_page(unknown.content.decode())
            checked += 1
    assert checked  # the matrix has case pages to check
