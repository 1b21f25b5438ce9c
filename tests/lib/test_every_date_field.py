"""Every GOV.UK date field of every form answers anything typed with a validation error, never an
exception (issue 7, defect 4: parts of 2**31 and more raised OverflowError and a 500)."""

import datetime as dt
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import haven
from haven.lib.govuk_forms import GovukDateField

HAVEN_DIR = Path(haven.__file__).parent

# Forms whose constructor needs more than data; a new one fails the walk below until it is added.
EXTRA_KWARGS: dict[str, dict] = {
    "MaracReferralForm": {"areas": ["Derby"]},
    "MeetingForm": {"areas": ["Derby"]},
    "MaracActionForm": {"owners": [("1", "Rhea Officer")], "meetings": []},
    "SecurityCompleteForm": {"requested_at": dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)},
    "SafeguardingOutcomeForm": {"referred_on": dt.date(2026, 1, 5)},
    "DvdsDecisionForm": {"applied_on": dt.date(2026, 1, 5)},
    "ReferralOutcomeForm": {"made_on": dt.date(2026, 1, 5)},
    "ReviewForm": {"agreed_on": dt.date(2026, 1, 5)},
}

# Values the other fields of a form get, so that form-wide clean() methods run on the date too.
OTHER_FIELDS = {"time": "10am"}


def _form_modules() -> list[str]:
    names = []
    for path in sorted(HAVEN_DIR.rglob("*.py")):
        relative = path.relative_to(HAVEN_DIR.parent).with_suffix("")
        if "forms" in path.name or "forms" in path.parent.parts[len(HAVEN_DIR.parts) :]:
            names.append(".".join(relative.parts))
    return names


def _forms_with_date_fields() -> list[tuple[type[forms.BaseForm], str]]:
    found = {}
    for module_name in _form_modules():
        module = importlib.import_module(module_name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or not cls.__module__.startswith("haven."):
                continue
            for name, field in cls.base_fields.items():
                if isinstance(field, GovukDateField):
                    found[(cls.__module__, cls.__qualname__, name)] = (cls, name)
    return [found[key] for key in sorted(found)]


DATE_FIELDS = _forms_with_date_fields()


def test_the_walk_finds_the_date_fields_of_every_area():
    found = {f"{cls.__name__}.{name}" for cls, name in DATE_FIELDS}
    for expected in (
        "DisclosureForm.received_date",
        "DisclosureForm.date_of_birth",
        "SearchForm.date_of_birth",
        "IncidentForm.occurred_on",
        "SafeContactPlanForm.agreed_on",
        "AccessLogFilterForm.date_to",
    ):
        assert expected in found


# What people and attackers type into a date box: numbers of any size, signs, spaces, other
# scripts' digits, words.
part = st.one_of(
    st.integers().map(str),
    st.integers(min_value=2**31 - 2, max_value=2**64).map(str),
    st.text(max_size=12),
    st.sampled_from(["", " ", "0", "00", "0001", "9999", "2147483648", "99999999999999999999"]),
)


def _post_data(field_name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {
        **OTHER_FIELDS,
        f"{field_name}-day": day,
        f"{field_name}-month": month,
        f"{field_name}-year": year,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form_class", "field_name"),
    DATE_FIELDS,
    ids=[f"{cls.__name__}.{name}" for cls, name in DATE_FIELDS],
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=part, month=part, year=part)
@example(day="2147483648", month="1", year="2026")
@example(day="1", month="2147483648", year="2026")
@example(day="1", month="1", year="0001")
@example(day="31", month="12", year="9999")
def test_a_date_field_answers_anything_with_a_validation_error(
    form_class, field_name, day, month, year
):
    kwargs = EXTRA_KWARGS.get(form_class.__name__, {})
    form = form_class(data=_post_data(field_name, day, month, year), **kwargs)
    form.is_valid()  # must not raise
    for message in form.errors.get(field_name, []):
        assert message.strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form_class", "field_name"),
    DATE_FIELDS,
    ids=[f"{cls.__name__}.{name}" for cls, name in DATE_FIELDS],
)
@pytest.mark.parametrize(
    ("day", "month"), [("2147483648", "3"), ("12", "2147483648"), ("99999999999999999999", "1")]
)
def test_a_huge_day_or_month_is_not_a_real_date(form_class, field_name, day, month):
    kwargs = EXTRA_KWARGS.get(form_class.__name__, {})
    form = form_class(data=_post_data(field_name, day, month, "2026"), **kwargs)
    assert not form.is_valid()
    label = str(form.fields[field_name].label).strip()
    assert form.errors[field_name] == [f"{label} must be a real date"]
