"""How access events read on screen: plain names for actions and the records they touch."""

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from haven.audit.models import AuditEvent, AuditEventLink
from haven.platform.registries import event_types


def action_label(action: str) -> str:
    """How an action reads on screen: the label its app declared. An action no app declares any
    more (an app removed, an event renamed) still reads as words: "Old area: words"."""
    if action in event_types:
        return event_types.get(action).label
    area, _, rest = action.partition(".")
    words = rest.replace("_", " ").replace(".", " ").strip()
    if not words:
        return area.replace("_", " ").capitalize()
    return f"{area.replace('_', ' ').capitalize()}: {words}"


def link_label(action: str, relation: str, who: str) -> str:
    """How an event that touched a record reads in that record's history."""
    who = who or "someone not signed in"
    if action in event_types:
        return event_types.get(action).link_label(relation, who)
    return f"{action_label(action)} by {who} ({relation.replace('_', ' ')})"


def linked_to_record(
    events: Iterable[AuditEvent], object_type: str, object_id: str
) -> dict[int, str]:
    """For the events on a page, how each touched this record, if it did (one query)."""
    ids = [event.pk for event in events]
    return dict(
        AuditEventLink.objects.filter(
            event_id__in=ids, object_type=object_type, object_id=object_id
        ).values_list("event_id", "relation")
    )


def record_labels_for(object_type: str, object_id: str) -> str:
    """The label of one record, as `record_labels` gives it."""
    probe = AuditEvent(object_type=object_type, object_id=object_id)
    return record_labels([probe]).get((object_type, object_id), "")


def _model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def referenced_models() -> list[type[models.Model]]:
    """Models with a unique, human-friendly `reference` (such as a case's DA-2026-00042)."""
    found = []
    for model in apps.get_models():
        try:
            field = model._meta.get_field("reference")
        except FieldDoesNotExist:
            continue
        if getattr(field, "unique", False) and isinstance(field, models.CharField):
            found.append(model)
    return found


def record_labels(events: Iterable[AuditEvent]) -> dict[tuple[str, str], str]:
    """A label for every (object_type, object_id) on a page, in one query per kind of record
    that has a reference, however many events the page shows."""
    ids_by_type: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type:
            ids_by_type[event.object_type].add(event.object_id)
    labels: dict[tuple[str, str], str] = {}
    referenced = set(referenced_models())
    for object_type, ids in ids_by_type.items():
        model = _model_for(object_type)
        name = str(model._meta.verbose_name).capitalize() if model else object_type
        references: dict[str, str] = {}
        if model is not None and model is get_user_model():
            name = "Staff account"
            staff = model._base_manager.filter(pk__in=[i for i in ids if i.isdigit()])
            references = {
                str(pk): full_name for pk, full_name in staff.values_list("pk", "full_name")
            }
        elif model in referenced:
            numeric = [i for i in ids if i.isdigit()]
            # _base_manager: the coordinator sees every record, restricted ones included, and
            # a default manager that scopes by user must not hide rows from the log.
            found = model._base_manager.filter(pk__in=numeric).values_list("pk", "reference")
            references = {str(pk): reference for pk, reference in found}
        for object_id in ids:
            labels[(object_type, object_id)] = (
                f"{name} {references[object_id]}"
                if object_id in references
                else f"{name} {object_id}".strip()
            )
    return labels


def records_matching(typed: str) -> list[tuple[str, str]]:
    """The (object_type, object_id) pairs a typed reference or record number could mean."""
    typed = typed.strip()
    matches: list[tuple[str, str]] = []
    for model in referenced_models():
        pk = (
            model._base_manager.filter(reference__iexact=typed).values_list("pk", flat=True).first()
        )
        if pk is not None:
            matches.append((model._meta.label_lower, str(pk)))
    return matches
