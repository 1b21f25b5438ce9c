"""The Django-to-GOV.UK field mapping every form relies on."""

import datetime as dt

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from haven.lib.govuk_forms import GovukDateField, component_for, error_list, field_params


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As they would like to be called")
    story = forms.CharField(label="What happened", widget=forms.Textarea)
    channel = forms.ChoiceField(
        label="How did it arrive",
        choices=[("phone", "Phone"), ("letter", "Letter")],
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        choices=[("interpreter", "Interpreter"), ("braille", "Braille")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    born = GovukDateField(label="Date of birth", required=False)
    team = forms.ChoiceField(label="Team", choices=[("", "Choose"), ("n", "North")])


def test_each_widget_maps_to_its_govuk_component():
    form = ExampleForm()
    assert component_for(form["name"]) == "input"
    assert component_for(form["story"]) == "textarea"
    assert component_for(form["channel"]) == "radios"
    assert component_for(form["needs"]) == "checkboxes"
    assert component_for(form["born"]) == "date"
    assert component_for(form["team"]) == "select"


def test_typed_values_and_errors_survive_a_failed_submission():
    form = ExampleForm(
        data={
            "name": "Jo Bloggs",
            "story": "<script>x</script>",
            "channel": "",
            "needs": ["braille"],
        }
    )
    assert not form.is_valid()
    name = field_params(form["name"])
    assert name["value"] == "Jo Bloggs"
    assert name["hint"] == {"text": "As they would like to be called"}
    story = field_params(form["story"])
    assert story["value"] == "<script>x</script>"  # escaped by the macro, kept for the user
    channel = field_params(form["channel"])
    assert channel["errorMessage"]["text"] == "Select how did it arrive"
    needs = field_params(form["needs"])
    assert [item["checked"] for item in needs["items"]] == [False, True]


def test_error_summary_links_to_the_first_input_of_each_field():
    form = ExampleForm(data={"born-day": "31", "born-month": "2", "born-year": "2020"})
    assert not form.is_valid()
    hrefs = {item["href"] for item in error_list(form)}
    assert "#id_name" in hrefs
    assert "#id_channel_0" in hrefs
    assert "#id_born-day" in hrefs


def test_date_inputs_are_named_as_the_govuk_macro_names_them():
    form = ExampleForm(data={"born-day": "4", "born-month": "11", "born-year": "1990"})
    params = field_params(form["born"])
    assert [item["name"] for item in params["items"]] == ["day", "month", "year"]
    assert params["namePrefix"] == "born"
    assert [item["value"] for item in params["items"]] == ["4", "11", "1990"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2020", "Date of birth must be a real date"),
        ("", "2", "2020", "Date of birth must include a day"),
        ("1", "", "", "Date of birth must include a month and year"),
        ("1", "2", "20", "Year must include 4 numbers"),
        ("one", "2", "2020", "Date of birth must be a real date, written in numbers"),
    ],
)
def test_impossible_or_incomplete_dates_get_a_specific_message(day, month, year, message):
    form = ExampleForm(data={"born-day": day, "born-month": month, "born-year": year})
    form.is_valid()
    assert form.errors["born"] == [message]


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_real_date_typed_in_numbers_is_accepted(date):
    field = GovukDateField(label="Date")
    assert field.clean([str(date.day), str(date.month), str(date.year)]) == date


def test_generic_required_messages_become_specific_ones():
    form = ExampleForm(data={})
    assert not form.is_valid()
    texts = {item["href"]: item["text"] for item in error_list(form)}
    assert texts["#id_name"] == "Enter full name"
    assert texts["#id_story"] == "Enter what happened"
    assert texts["#id_channel_0"] == "Select how did it arrive"
