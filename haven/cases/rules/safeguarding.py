"""Which safeguarding prompts a case needs: plain functions over plain values.

Two duties sit beside the domestic abuse work, and a case officer must decide on each:

- Children's safeguarding: children who see, hear or live with abuse are victims in their own
  right (Domestic Abuse Act 2021 s.3), and anyone under 18 is a child (Children Act 1989). A
  case with a child in the household, or a survivor who is under 18, needs a decision about a
  referral to children's social care.
- Adult safeguarding (Care Act 2014 s.42): an adult who has needs for care and support, is
  experiencing abuse, and because of those needs cannot protect themselves. Every survivor is
  experiencing abuse, so the prompt follows the needs: care and support needs recorded, or an
  age of 65 or more with a disability recorded (older disabled survivors are the people most
  often missed).

A prompt stays until a decision of its kind is recorded (a referral made, or not needed and
why). Ages come from a date of birth where there is one, else the age as told; an unknown age
never proves someone is an adult or a child on its own.
"""

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

ADULT_AGE = 18
OLDER_ADULT_AGE = 65


class Kind(StrEnum):
    """The two kinds of safeguarding decision. The values are stored (SafeguardingDecision)."""

    CHILDREN = "children"
    ADULT = "adult"


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    """Whole years on `today`: a birthday counts from the day itself. Someone born on 29
    February has their birthday on 1 March in a year without one."""
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


@dataclass(frozen=True)
class HouseholdMemberFacts:
    # Recorded by the officer as "a child (under 18)".
    marked_as_child: bool = False
    date_of_birth: dt.date | None = None
    # The age as told, when the date of birth is not known.
    age_years: int | None = None

    def age_on(self, today: dt.date) -> int | None:
        if self.date_of_birth is not None:
            return age_on(self.date_of_birth, today)
        return self.age_years

    def is_child_on(self, today: dt.date) -> bool:
        """Marked as a child, or known to be under 18. Either is enough: a wrong "no" here
        leaves a child without a safeguarding decision, a wrong "yes" costs a decision."""
        age = self.age_on(today)
        return self.marked_as_child or (age is not None and age < ADULT_AGE)


@dataclass(frozen=True)
class SafeguardingFacts:
    """What the prompts depend on, as recorded on the case."""

    survivor_date_of_birth: dt.date | None = None
    care_and_support_needs: bool = False
    # A disability recorded anywhere: the needs section or equality monitoring ("Yes").
    disability: bool = False
    household: Sequence[HouseholdMemberFacts] = field(default_factory=tuple)
    # Said at intake, before anyone was named: "are there children in the household?" Yes, and
    # how many if known. Enough for the prompt on its own.
    children_said: bool = False
    children_said_count: int | None = None


@dataclass(frozen=True)
class Prompt:
    kind: Kind
    # Why, in words an officer reads at a glance ("2 children in the household").
    reasons: tuple[str, ...]

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def why(self) -> str:
        return sentence(self.reasons)


TITLES = {
    Kind.CHILDREN: "Children's safeguarding decision needed",
    Kind.ADULT: "Adult safeguarding decision needed",
}


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def children_reasons(facts: SafeguardingFacts, today: dt.date) -> tuple[str, ...]:
    reasons = []
    children = sum(1 for member in facts.household if member.is_child_on(today))
    if children:
        reasons.append(f"{_count(children, 'child', 'children')} in the household")
    elif facts.children_said and facts.children_said_count:
        number = facts.children_said_count
        reasons.append(f"{_count(number, 'child', 'children')} in the household, said at intake")
    elif facts.children_said:
        reasons.append("children in the household, said at intake")
    if facts.survivor_date_of_birth is not None:
        age = age_on(facts.survivor_date_of_birth, today)
        # Under 16 or not: the domestic abuse definition starts at 16, a child's rights at 18.
        if age < ADULT_AGE:
            reasons.append(f"the survivor is {age}, so legally a child")
    return tuple(reasons)


def adult_reasons(facts: SafeguardingFacts, today: dt.date) -> tuple[str, ...]:
    age = (
        age_on(facts.survivor_date_of_birth, today)
        if facts.survivor_date_of_birth is not None
        else None
    )
    if age is not None and age < ADULT_AGE:
        # A child's needs are for children's services: the children's prompt covers them.
        return ()
    reasons = []
    if facts.care_and_support_needs:
        reasons.append("the survivor has care and support needs recorded")
    if age is not None and age >= OLDER_ADULT_AGE and facts.disability:
        reasons.append(f"the survivor is {age} and has a disability recorded")
    return tuple(reasons)


def prompts_for(
    facts: SafeguardingFacts, today: dt.date, decided: Collection[Kind | str] = ()
) -> list[Prompt]:
    """The prompts the case shows: each kind whose criteria are met and that has no decision
    recorded yet, children first."""
    prompts = []
    for kind, reasons in (
        (Kind.CHILDREN, children_reasons(facts, today)),
        (Kind.ADULT, adult_reasons(facts, today)),
    ):
        if reasons and kind not in decided:
            prompts.append(Prompt(kind, reasons))
    return prompts


def applicable_kinds(facts: SafeguardingFacts, today: dt.date) -> list[Kind]:
    """The kinds whose criteria the case meets, decided or not."""
    return [prompt.kind for prompt in prompts_for(facts, today)]


def turns(date_of_birth: dt.date, years: int) -> dt.date | None:
    """The day someone born on `date_of_birth` reaches `years` (as `age_on` counts: a 29
    February birthday falls on 1 March in a year without one); None beyond the calendar."""
    year = date_of_birth.year + years
    if year > dt.MAXYEAR:
        return None
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return dt.date(year, 3, 1)


def next_change_on(facts: SafeguardingFacts, today: dt.date) -> dt.date | None:
    """The first day after `today` on which the prompts could differ with nothing new
    recorded: someone in the household, or the survivor, turning 18, or the survivor turning
    65. None when no date of birth can change an answer (ages as told stay as told)."""
    birthdays = [
        turns(member.date_of_birth, ADULT_AGE)
        for member in facts.household
        if member.date_of_birth is not None
    ]
    if facts.survivor_date_of_birth is not None:
        birthdays += [
            turns(facts.survivor_date_of_birth, ADULT_AGE),
            turns(facts.survivor_date_of_birth, OLDER_ADULT_AGE),
        ]
    return min((day for day in birthdays if day is not None and day > today), default=None)


def sentence(reasons: Iterable[str]) -> str:
    """Reasons joined as one sentence: "2 children in the household and the survivor is 17"."""
    parts = list(reasons)
    if not parts:
        return ""
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:] + "."
