"""The case app's own closure blockers: what must be finished (or handed over) before closing.

Registered in hooks.py like any app's; lifecycle rules combine whatever is registered.
"""

from haven.cases.models import Case, CoordinatorReview, ReviewStatus
from haven.cases.models.contact import ContactRecord, ContactStatus
from haven.cases.rules.safeguarding import Kind, Prompt
from haven.cases.services import safeguarding

# How each kind reads inside "record a ... safeguarding decision".
SAFEGUARDING_WORDS = {Kind.CHILDREN: "children's", Kind.ADULT: "adult"}


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


def safeguarding_sentence(prompt: Prompt) -> str:
    """ "record a children's safeguarding decision (2 children in the household)"."""
    reasons = prompt.why.rstrip(".")
    reasons = reasons[:1].lower() + reasons[1:]
    article = "an" if prompt.kind == Kind.ADULT else "a"
    words = SAFEGUARDING_WORDS[prompt.kind]
    return f"record {article} {words} safeguarding decision ({reasons})"


def missing_safeguarding_decisions(case: Case) -> list[str]:
    # The same rules as the prompt on the case page: whatever the page asks for blocks closure.
    # A decision cannot be handed over: it is this case's, and closing without one could leave
    # a child or an adult at risk with nobody having decided.
    return [safeguarding_sentence(prompt) for prompt in safeguarding.prompts_for_case(case)]
