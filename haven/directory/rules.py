"""Pure rules of the services directory: the specialisms, which of them a survivor's recorded
facts suggest, and when a referral needs following up. No database, no request."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Specialism(StrEnum):
    DOMESTIC_ABUSE = "domestic_abuse"
    MALE_VICTIMS = "male_victims"
    LGBT = "lgbt"
    HONOUR_BASED = "honour_based"
    OLDER_PEOPLE = "older_people"
    DEAF = "deaf"
    LEARNING_DISABILITY_AUTISM = "learning_disability_autism"
    BY_AND_FOR = "by_and_for"
    SEXUAL_VIOLENCE = "sexual_violence"
    CHILDREN_YOUNG_PEOPLE = "children_young_people"
    PERPETRATORS = "perpetrators"
    LEGAL = "legal"
    HOUSING = "housing"
    REFUGE = "refuge"


# Lazy: the public services finder shows them in the visitor's language.
SPECIALISM_LABELS: dict[str, Any] = {
    Specialism.DOMESTIC_ABUSE: _("Domestic abuse support for anyone"),
    Specialism.MALE_VICTIMS: _("Male victims"),
    Specialism.LGBT: _("LGBT+ people"),
    Specialism.HONOUR_BASED: _("'Honour'-based abuse and forced marriage"),
    Specialism.OLDER_PEOPLE: _("Older people"),
    Specialism.DEAF: _("Deaf and hard of hearing people"),
    Specialism.LEARNING_DISABILITY_AUTISM: _("Learning disability and autism"),
    Specialism.BY_AND_FOR: _("By and for Black and minoritised people"),
    Specialism.SEXUAL_VIOLENCE: _("Sexual violence"),
    Specialism.CHILDREN_YOUNG_PEOPLE: _("Children and young people"),
    Specialism.PERPETRATORS: _("People worried about their own behaviour"),
    Specialism.LEGAL: _("Legal advice and court orders"),
    Specialism.HOUSING: _("Housing and homelessness"),
    Specialism.REFUGE: _("Refuge and safe accommodation"),
}
SPECIALISM_CHOICES = list(SPECIALISM_LABELS.items())


class ContactChannel(StrEnum):
    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    WEB = "web"
    CHAT = "chat"


OLDER_PERSON_AGE = 60


@dataclass(frozen=True)
class SurvivorFacts:
    """What the case record says that bears on which services fit (all optional)."""

    age: int | None = None
    sex: str = ""
    gender_same_as_birth: str = ""
    sexual_orientation: str = ""
    abuse_forms: tuple[str, ...] = ()
    has_children: bool = False
    disability_recorded: bool = False


def suggested_specialisms(facts: SurvivorFacts) -> list[tuple[str, str]]:
    """Specialisms the record suggests, each with the reason in words, for the officer to accept
    or not: a suggestion, never a filter applied behind their back."""
    found: list[tuple[str, str]] = []
    if facts.sex == "male":
        found.append((Specialism.MALE_VICTIMS, "the survivor is recorded as male"))
    if facts.sexual_orientation in {"gay_lesbian", "bisexual", "other"}:
        found.append((Specialism.LGBT, "the survivor's sexual orientation is recorded"))
    elif facts.gender_same_as_birth == "no":
        found.append((Specialism.LGBT, "the survivor's gender differs from that at birth"))
    if {"honour_based", "forced_marriage", "fgm"} & set(facts.abuse_forms):
        found.append(
            (Specialism.HONOUR_BASED, "'honour'-based abuse, forced marriage or FGM is recorded")
        )
    if "sexual" in facts.abuse_forms:
        found.append((Specialism.SEXUAL_VIOLENCE, "sexual abuse is recorded"))
    if facts.age is not None and facts.age >= OLDER_PERSON_AGE:
        found.append((Specialism.OLDER_PEOPLE, f"the survivor is {facts.age}"))
    if facts.has_children:
        found.append((Specialism.CHILDREN_YOUNG_PEOPLE, "there are children in the household"))
    return found


def matches(
    service_specialisms: Iterable[str],
    national: bool,
    service_areas: Iterable[str],
    *,
    area: str = "",
    needs: Iterable[str] = (),
) -> bool:
    """Whether a service fits: it covers the area (national services cover everywhere) and has
    every one of the needs asked for (no needs: any service)."""
    if area and not national and area not in set(service_areas):
        return False
    return set(needs) <= set(service_specialisms)


# A referral with no outcome this many days after it was made is due a follow-up.
DEFAULT_FOLLOW_UP_DAYS = 10


def follow_up_due_on(made_on: dt.date, days: int = DEFAULT_FOLLOW_UP_DAYS) -> dt.date:
    return made_on + dt.timedelta(days=days)


def needs_follow_up(made_on: dt.date, has_outcome: bool, today: dt.date, days: int) -> bool:
    return not has_outcome and today >= follow_up_due_on(made_on, days)
