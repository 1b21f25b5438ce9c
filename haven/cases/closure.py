"""The case app's own closure blockers: what must be finished (or handed over) before closing.

Registered in hooks.py like any app's; lifecycle rules combine whatever is registered.
"""

from haven.cases.models import Case, CoordinatorReview, ReviewStatus
from haven.cases.models.contact import ContactRecord, ContactStatus


def _count(number: int, one: str, many: str) -> list[str]:
    if not number:
        return []
    return [one if number == 1 else many.format(number=number)]


def open_reviews(case: Case) -> list[str]:
    number = CoordinatorReview.objects.filter(case=case, status=ReviewStatus.OPEN).count()
    return _count(
        number,
        "1 coordinator review is still open",
        "{number} coordinator reviews are still open",
    )


def planned_contacts(case: Case) -> list[str]:
    number = ContactRecord.objects.filter(case=case, status=ContactStatus.PLANNED).count()
    return _count(
        number,
        "1 planned contact is still to happen",
        "{number} planned contacts are still to happen",
    )
