"""'What changed' between two versions of a record, for the "changed since you opened it" message."""

import datetime as dt

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps
from simple_history.models import HistoricalRecords

from haven.accounts.models import User
from haven.audit.history import changes_since_version, display_value, what_changed
from haven.lib.crypto import EncryptedTextField


@pytest.fixture
def plan_model(transactional_db):
    """A small versioned model with history, in its own registry and tables for one test."""
    with isolate_apps("haven.audit", "haven.accounts") as registry:
        # Staff accounts are real: the plan's owner and each history row's author point there.
        registry.register_model("accounts", User)

        class Plan(models.Model):
            class Channel(models.TextChoices):
                PHONE = "phone", "Phone call"
                LETTER = "letter", "Letter"

            channel = models.CharField("safe channel", max_length=10, choices=Channel.choices)
            voicemail_allowed = models.BooleanField(default=False)
            code_word = EncryptedTextField(blank=True)
            review_on = models.DateField(null=True, blank=True)
            owner = models.ForeignKey(
                "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
            )
            version = models.PositiveIntegerField(default=1)
            history = HistoricalRecords()

            class Meta:
                app_label = "audit"
                db_table = "test_history_plan"

            def __str__(self) -> str:
                return f"Plan {self.pk}"

        historical = Plan.history.model
        with connection.schema_editor() as editor:
            editor.create_model(Plan)
            editor.create_model(historical)
        try:
            yield Plan
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(historical)
                editor.delete_model(Plan)


def save_as(plan, user, **changes):
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.version += 1
    plan._history_user = user
    plan.save()


def test_changes_read_as_a_person_would_say_them(plan_model, alice, bob):
    plan = plan_model.objects.create(channel="phone", code_word="bluebell", owner=alice)
    opened = plan.version
    save_as(
        plan,
        bob,
        channel="letter",
        voicemail_allowed=True,
        code_word="primrose",
        review_on=dt.date(2026, 12, 1),
        owner=bob,
    )

    changed = changes_since_version(plan, opened)

    assert changed is not None
    assert changed.changed_by == ["Bob Officer"]
    assert [(c.label, c.before, c.after) for c in changed.changes] == [
        ("Safe channel", "Phone call", "Letter"),
        ("Voicemail allowed", "No", "Yes"),
        ("Code word", "bluebell", "primrose"),
        ("Review on", "Not given", "1 December 2026"),
        ("Owner", "Alice Officer", "Bob Officer"),
    ]


def test_nothing_changed_since_opening(plan_model, alice):
    plan = plan_model.objects.create(channel="phone")
    assert changes_since_version(plan, plan.version) is None


def test_several_saves_since_opening_are_summed_up_and_everyone_named(plan_model, alice, bob):
    plan = plan_model.objects.create(channel="phone", code_word="bluebell")
    opened = plan.version
    save_as(plan, bob, code_word="primrose")
    save_as(plan, alice, code_word="bluebell", voicemail_allowed=True)

    changed = changes_since_version(plan, opened)

    # The code word went away and back: only what differs now is shown.
    assert [c.field for c in changed.changes] == ["voicemail_allowed"]
    assert changed.changed_by == ["Bob Officer", "Alice Officer"]


def test_the_version_counter_itself_is_not_a_change(plan_model, bob):
    plan = plan_model.objects.create(channel="phone")
    opened = plan.version
    save_as(plan, bob)
    changed = changes_since_version(plan, opened)
    assert changed is not None
    assert changed.changes == []


def test_an_unknown_opened_version_gives_no_comparison(plan_model):
    plan = plan_model.objects.create(channel="phone")
    assert changes_since_version(plan, 99) is None


def test_what_changed_between_any_two_history_records(plan_model, bob):
    plan = plan_model.objects.create(channel="phone")
    save_as(plan, bob, channel="letter")
    newer, older = list(plan.history.order_by("-history_id"))
    assert [c.after for c in what_changed(older, newer)] == ["Letter"]
    assert what_changed(older, newer, exclude=["channel"]) == []
    assert display_value(newer, "owner") == "Not given"
