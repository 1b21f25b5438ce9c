"""The registries themselves: registering twice is an error, never a silent no-op."""

import pytest

from haven.platform import registries
from haven.platform.registry import AlreadyRegistered, NotRegistered, Registry


def test_registering_the_same_name_twice_is_an_error():
    registry: Registry[str] = Registry("thing", key=lambda item: item)
    registry.register("a")
    with pytest.raises(AlreadyRegistered, match="'a' is registered twice"):
        registry.register("a")


def test_items_come_in_their_order_then_in_the_order_registered():
    registry: Registry[tuple[str, int]] = Registry(
        "thing", key=lambda item: item[0], order=lambda item: item[1]
    )
    for item in [("late", 90), ("first", 10), ("second", 10), ("middle", 50)]:
        registry.register(item)
    assert [name for name, _ in registry] == ["first", "second", "middle", "late"]


def test_an_unknown_name_is_named_in_the_error():
    with pytest.raises(NotRegistered, match="nowhere"):
        registries.event_types.get("nowhere.seen")


def test_a_page_can_belong_to_only_one_case_tab():
    clash = registries.CaseTab("Another record tab", "other:tab", also_for=("cases:edit-survivor",))
    with pytest.raises(AlreadyRegistered, match="Case record"):
        registries.case_tabs.register(clash)
    assert "other:tab" not in registries.case_tabs


def test_an_app_plugs_in_once_even_when_django_calls_ready_again():
    calls = []
    with registries.restored_afterwards():
        registries.plug_in("once", lambda: calls.append(1))
        registries.plug_in("once", lambda: calls.append(1))
    assert calls == [1]


def test_every_case_tab_page_marks_its_tab_cancel_contact_included():
    tab = registries.case_tabs.get("cases:contact")
    assert tab.covers("cases:contact-cancel")


def test_every_event_the_apps_declare_names_its_area_and_reads_as_words():
    for event_type in registries.event_types:
        area, _, action = event_type.name.partition(".")
        assert area and action, event_type.name
        assert event_type.label[0].isupper(), event_type.name
    areas = {event_type.area for event_type in registries.event_types}
    # One spelling per area: the case app's events are "case.", never "cases.".
    assert "cases" not in areas
