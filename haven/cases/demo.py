"""Synthetic, realistic demo cases: deterministic for a seed, fast enough for 100,000.

Everything is invented. Phone numbers come from Ofcom's ranges reserved for drama
(07700 900xxx, 01632 960xxx); postcodes use letter pairs no UK postcode area uses (they begin
with Q, V or X), so nothing here can be mistaken for a real person or address.

Rows are written with bulk_create in batches (no per-row history: the history of a demo case
starts with its first real edit). Blind indexes are computed before writing, exactly as save()
would, so search and duplicate matching work on demo data.
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Role, User
from haven.cases.models import (
    AbuseForm,
    AccessibleFormat,
    Case,
    CaseStatus,
    Channel,
    ClosureReason,
    CoordinatorReview,
    HouseholdMember,
    Perpetrator,
    ReviewReason,
    ReviewStatus,
    SearchTerm,
    Survivor,
    Urgency,
)
from haven.cases.models.people import (
    ChildRelationship,
    ImmigrationStatus,
    PerpetratorHousing,
    PersonalConnection,
    StaffGenderPreference,
    TenancyStatus,
)
from haven.cases.models.search import terms_for_survivor
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services
from haven.platform.registries import DemoRun

BATCH_SIZE = 1000
HISTORY_DAYS = 3 * 365

FEMALE_NAMES = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Sophia",
    "Grace",
    "Lily",
    "Emily",
    "Freya",
    "Ella",
    "Poppy",
    "Charlotte",
    "Evie",
    "Ruby",
    "Chloe",
    "Jessica",
    "Sophie",
    "Hannah",
    "Lucy",
    "Aisha",
    "Fatima",
    "Zainab",
    "Maryam",
    "Amina",
    "Priya",
    "Anjali",
    "Simran",
    "Agnieszka",
    "Katarzyna",
    "Joanna",
    "Ioana",
    "Elena",
    "Chiamaka",
    "Ngozi",
    "Abena",
    "Shanice",
    "Kelly",
    "Donna",
    "Tracey",
    "Michelle",
    "Sharon",
    "Karen",
    "Julie",
    "Claire",
    "Nicola",
    "Lisa",
    "Emma",
    "Rebecca",
    "Laura",
    "Sarah",
    "Gemma",
    "Kirsty",
    "Jade",
]
MALE_NAMES = [
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Noah",
    "Leo",
    "Arthur",
    "Muhammad",
    "Oscar",
    "Charlie",
    "Jacob",
    "Thomas",
    "James",
    "William",
    "Daniel",
    "Ryan",
    "Liam",
    "Connor",
    "Jordan",
    "Kyle",
    "Darren",
    "Lee",
    "Wayne",
    "Craig",
    "Gary",
    "Paul",
    "Mark",
    "Steven",
    "Imran",
    "Tariq",
    "Bilal",
    "Arjun",
    "Rohan",
    "Piotr",
    "Tomasz",
    "Andrei",
    "Kwame",
    "Tunde",
    "Dwayne",
    "Marcus",
    "Scott",
    "Dean",
]
NEUTRAL_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Charlie",
    "Robin",
    "Jamie",
    "Morgan",
    "Riley",
    "Kit",
    "Ash",
]
FAMILY_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Thomas",
    "Clarke",
    "Jackson",
    "Wood",
    "Harris",
    "Edwards",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Hughes",
    "Moore",
    "Clark",
    "King",
    "Harrison",
    "Lewis",
    "Baker",
    "Lee",
    "Allen",
    "Morris",
    "Khan",
    "Ali",
    "Ahmed",
    "Begum",
    "Hussain",
    "Shah",
    "Singh",
    "Kaur",
    "Kowalski",
    "Nowak",
    "Popescu",
    "Okafor",
    "Mensah",
    "Campbell",
    "Mitchell",
    "Kelly",
    "Murphy",
    "O'Brien",
    "Walsh",
    "Byrne",
    "Price",
    "Lloyd",
    "Jenkins",
    "Morgan",
    "Griffiths",
]
# Invented surnames for the long tail, built from parts so there are several hundred of them.
# With the common names above they give the spread of a real UK landlord's tenants: a few very
# common names and a long tail of rare ones.
SURNAME_STARTS = (
    "Ash",
    "Brad",
    "Carr",
    "Dun",
    "Elm",
    "Fair",
    "Gold",
    "Hart",
    "Ire",
    "Kirk",
    "Lang",
    "Marsh",
    "Nor",
    "Oak",
    "Pen",
    "Rad",
    "Stan",
    "Thorn",
    "Under",
    "Wex",
    "Bram",
    "Cal",
    "Dray",
    "Fen",
    "Hol",
    "Lin",
    "Mere",
    "Ros",
    "Sel",
    "Wyn",
)
SURNAME_ENDS = (
    "ford",
    "ley",
    "wood",
    "field",
    "ton",
    "well",
    "by",
    "ham",
    "more",
    "stead",
    "worth",
    "combe",
    "den",
    "hurst",
    "land",
    "bridge",
    "cott",
    "wick",
    "shaw",
    "dale",
    "brook",
    "holme",
    "mouth",
    "gate",
    "croft",
)
# Zipf-like shares over all the surnames, in the order listed, with the exponent that puts
# Smith at about 1.1% of people, Jones 0.8%, Williams 0.7%, as in England and Wales (ONS),
# and the rarest at about 0.08%.
ZIPF_EXPONENT = 0.4
STREETS = [
    "Acorn Close",
    "Alder Road",
    "Beech Avenue",
    "Birch Grove",
    "Bluebell Way",
    "Bramble Lane",
    "Chestnut Drive",
    "Clover Court",
    "Coronation Street",
    "Elm Terrace",
    "Foxglove Walk",
    "Hawthorn Road",
    "Hazel Crescent",
    "Heather Close",
    "Holly Bank",
    "Juniper Way",
    "Larch Rise",
    "Laurel Gardens",
    "Maple Road",
    "Meadow View",
    "Mill Lane",
    "Oak Street",
    "Orchard Way",
    "Primrose Hill",
    "Rowan Drive",
    "Sycamore Avenue",
    "Thistle Court",
    "Victoria Road",
    "Willow Walk",
]
TOWNS = [
    "Brampton Vale",
    "Eastmere",
    "Fallowfield Green",
    "Harthill",
    "Kingsmead",
    "Lower Ashby",
    "Millbridge",
    "Northcote",
    "Oakhurst",
    "Redwater",
    "Stonebridge",
    "Thornbury Cross",
    "Westholme",
]
# First letters Q, V and X are never used for UK postcode areas.
POSTCODE_AREAS = ("QA", "QE", "QN", "QS", "VA", "VE", "VN", "XA", "XE", "XN")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
LANGUAGES = [
    "Polish",
    "Urdu",
    "Punjabi",
    "Arabic",
    "Romanian",
    "Bengali",
    "Somali",
    "Portuguese",
    "Tigrinya",
    "Kurdish",
]
DISABILITY_NOTES = (
    "Uses a wheelchair; needs ground-floor meetings.",
    "Deaf: prefers text and a BSL interpreter.",
    "Anxiety and PTSD: shorter appointments, one thing at a time.",
    "Visual impairment: large print letters.",
    "Learning disability: easy read and a supporter present.",
)
SUMMARIES = (
    "Disclosed that her partner has been controlling money and checking her phone.",
    "Neighbour heard shouting and a child crying late at night; concerned for her safety.",
    "Told the repairs operative that her ex-partner broke the door and she is frightened.",
    "Police referral after a call-out: pushed and threatened; partner arrested and bailed.",
    "Says her son (aged 24) takes her pension and threatens her when she refuses.",
    "MARAC referral: high-risk DASH completed by the IDVA; landlord actions requested.",
    "Web call-back request: wants to talk about moving somewhere safe.",
    "Ex-partner keeps turning up at the flat and sending messages all night.",
    "Disclosed at a rent arrears visit: partner controls the benefits and the bank card.",
    "Family members are pressuring her to marry; she is afraid to go home.",
    "Reports that her partner threatened to have her deported if she leaves.",
    "Carer has been withholding medication and taking money from his account.",
)
REFERRERS = (
    "Police (Public Protection Unit)",
    "IDVA service",
    "Children's social care",
    "GP surgery",
    "Local refuge",
    "Housing options team",
    "Adult social care",
)

# Channels with their share of disclosures (from landlords' published figures, roughly).
CHANNEL_WEIGHTS = {
    Channel.PHONE: 28,
    Channel.EMAIL: 8,
    Channel.IN_PERSON: 9,
    Channel.LETTER: 1,
    Channel.WEB_CALLBACK: 10,
    Channel.POLICE: 14,
    Channel.MARAC: 5,
    Channel.OTHER_AGENCY: 9,
    Channel.STAFF_CONCERN: 11,
    Channel.SELF_REFERRAL: 5,
}
CLOSURE_WEIGHTS = {
    ClosureReason.SUPPORT_IN_PLACE: 55,
    ClosureReason.MOVED_WITH_HANDOVER: 14,
    ClosureReason.SURVIVOR_REQUEST: 14,
    ClosureReason.NO_CONTACT_RISK_REVIEWED: 10,
    ClosureReason.REFERRED_ON: 7,
}
ABUSE_WEIGHTS = {
    AbuseForm.PHYSICAL: 45,
    AbuseForm.COERCIVE_CONTROL: 60,
    AbuseForm.EMOTIONAL: 55,
    AbuseForm.ECONOMIC: 25,
    AbuseForm.DIGITAL: 18,
    AbuseForm.SEXUAL: 12,
    AbuseForm.STALKING: 20,
    AbuseForm.THREATS: 30,
    AbuseForm.HONOUR_BASED: 2,
    AbuseForm.FORCED_MARRIAGE: 1,
    AbuseForm.FGM: 0.5,
    AbuseForm.NEGLECT_OF_CARE: 3,
    AbuseForm.IMMIGRATION: 3,
}


def _zipf_weights(count: int) -> list[float]:
    weights = [1 / (rank**ZIPF_EXPONENT) for rank in range(1, count + 1)]
    total = sum(weights)
    return [weight / total for weight in weights]


_SURNAMES = FAMILY_NAMES + [start + end for start in SURNAME_STARTS for end in SURNAME_ENDS]
_SURNAME_WEIGHTS = _zipf_weights(len(_SURNAMES))
# First names are less spread out: the commonest is a few per cent of people.
_FEMALE_WEIGHTS = _zipf_weights(len(FEMALE_NAMES))
_MALE_WEIGHTS = _zipf_weights(len(MALE_NAMES))


def _surname(rng: random.Random) -> str:
    return rng.choices(_SURNAMES, weights=_SURNAME_WEIGHTS)[0]


def _first_name(rng: random.Random, woman: bool) -> str:
    if woman:
        return rng.choices(FEMALE_NAMES, weights=_FEMALE_WEIGHTS)[0]
    return rng.choices(MALE_NAMES, weights=_MALE_WEIGHTS)[0]


def _weighted(rng: random.Random, weights: dict) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return f"07700 900{rng.randrange(1000):03d}"
    return f"01632 960{rng.randrange(1000):03d}"


def _postcode(rng: random.Random) -> str:
    area = rng.choice(POSTCODE_AREAS)
    letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
    return f"{area}{rng.randrange(1, 30)} {rng.randrange(10)}{letters}"


def _address(rng: random.Random) -> str:
    number = rng.randrange(1, 180)
    flat = f"Flat {rng.randrange(1, 40)}, " if rng.random() < 0.35 else ""
    return f"{flat}{number} {rng.choice(STREETS)}, {rng.choice(TOWNS)}"


def _date_of_birth(rng: random.Random, today: dt.date, low: int, high: int) -> dt.date:
    age_days = rng.randrange(low * 365, high * 365)
    return today - dt.timedelta(days=age_days)


def _status_for(rng: random.Random, age_days: float) -> str:
    if age_days < 2:
        return rng.choice([CaseStatus.NEW, CaseStatus.NEW, CaseStatus.IN_TRIAGE])
    if age_days < 30:
        return rng.choices(
            [CaseStatus.IN_TRIAGE, CaseStatus.OPEN, CaseStatus.DISENGAGED, CaseStatus.CLOSED],
            weights=[5, 75, 5, 15],
        )[0]
    if age_days < 180:
        return rng.choices(
            [CaseStatus.OPEN, CaseStatus.DISENGAGED, CaseStatus.CLOSED, CaseStatus.REOPENED],
            weights=[45, 6, 45, 4],
        )[0]
    return rng.choices(
        [CaseStatus.OPEN, CaseStatus.DISENGAGED, CaseStatus.CLOSED, CaseStatus.REOPENED],
        weights=[8, 2, 87, 3],
    )[0]


# Of every 100 demo cases, this many are still open (see _status_for's weights).
OPEN_SHARE = (8 + 2 + 3) / 100
# A busy officer's desk: open cases held at once (20 to 30 is usual in the field).
BUSY_CASELOAD = 50


def colleagues_for(count: int, officers: Sequence[User], seed: int) -> list[User]:
    """More case officers when the demo is seeded at a landlord's scale (the benchmarks'
    100,000 cases), so that each holds about a busy officer's caseload while the database
    grows: ten people could not hold 13,000 open cases between them, and a benchmark of an
    officer's desk should time a desk someone could work at. They never sign in (no password,
    no second factor); they hold cases, and appear where officers are listed."""
    needed = -(-int(count * OPEN_SHARE) // BUSY_CASELOAD) - len(officers)
    teams = [officer.team for officer in officers if officer.team_id]
    if needed <= 0 or not teams:
        return []
    rng = random.Random(f"colleagues-{seed}")
    made = User.objects.bulk_create(
        User(
            email=f"colleague{number:04d}@demo.example",
            full_name=f"{_first_name(rng, rng.random() < 0.7)} {_surname(rng)}",
            role=Role.CASE_OFFICER,
            team=teams[number % len(teams)],
            job_title="Domestic abuse case officer",
            password=make_password(None),
        )
        for number in range(1, needed + 1)
    )
    return list(User.objects.filter(pk__in=[person.pk for person in made]))


def seed(run: DemoRun) -> int:
    """The cases app's demo seeder (registered in hooks.py): `run.cases` invented cases."""
    officers = run.staff_with("cases.take_unallocated_case")
    return seed_cases(
        count=run.cases,
        seed=run.seed,
        officers=[*officers, *colleagues_for(run.cases, officers, run.seed)],
        coordinator=run.staff_with("cases.review_cases")[0],
        # Anyone else who works here logs the odd concern.
        staff=[person for person in run.staff if not person.has_perm("cases.view_case")],
        now=run.now,
    )


def seed_cases(
    *,
    count: int,
    seed: int,
    officers: Sequence[User],
    coordinator: User,
    staff: Sequence[User],
    now: dt.datetime | None = None,
) -> int:
    """Create `count` synthetic cases and everything around them; return how many were made."""
    if count <= 0:
        return 0
    if not officers:
        raise ValueError("Demo cases need at least one case officer.")
    now = now or timezone.now()
    rng = random.Random(seed)
    # The triage facts draw from their own generator, so adding them left every other demo
    # value (names, dates, statuses) as the same seed made it before.
    facts_rng = random.Random(f"triage-facts-{seed}")
    today = timezone.localtime(now).date()

    # Received times, oldest first, so references rise with the date as they would in life.
    received = sorted(
        now - dt.timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400)) for _ in range(count)
    )
    # A few very recent ones, so the triage queue always has something in it.
    for index in range(min(count, 12)):
        received[-1 - index] = now - dt.timedelta(hours=rng.randrange(1, 40))
    received.sort()
    per_year = Counter(timezone.localtime(moment).year for moment in received)
    references: dict[int, list[str]] = {
        year: record_services.reserve_references(year, n) for year, n in sorted(per_year.items())
    }
    next_index = dict.fromkeys(references, 0)

    made = 0
    for start in range(0, count, BATCH_SIZE):
        batch_received = received[start : start + BATCH_SIZE]
        batch_refs = []
        for moment in batch_received:
            year = timezone.localtime(moment).year
            batch_refs.append(references[year][next_index[year]])
            next_index[year] += 1
        with transaction.atomic():
            cases = _seed_batch(
                rng,
                batch_received,
                batch_refs,
                now=now,
                today=today,
                officers=officers,
                coordinator=coordinator,
                staff=staff,
                facts_rng=facts_rng,
            )
        made += len(cases)
    return made


def _seed_batch(
    rng: random.Random,
    received: list[dt.datetime],
    references: list[str],
    *,
    now: dt.datetime,
    today: dt.date,
    officers: Sequence[User],
    coordinator: User,
    staff: Sequence[User],
    facts_rng: random.Random,
) -> list[Case]:
    cases: list[Case] = []
    people: list[dict[str, Any]] = []
    for received_at, reference in zip(received, references, strict=True):
        age_days = (now - received_at).total_seconds() / 86400
        status = _status_for(rng, age_days)
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        danger = rng.random() < 0.07
        urgency = (
            Urgency.URGENT
            if danger
            else rng.choices([Urgency.URGENT, Urgency.HIGH, Urgency.STANDARD], [8, 25, 67])[0]
        )
        owner = None if status == CaseStatus.NEW else rng.choice(officers)
        due = lifecycle_services.due_for_first_contact(received_at)
        first_contact_at = None
        if status not in (CaseStatus.NEW, CaseStatus.IN_TRIAGE):
            # Most first contacts are on time; some slip a day or two.
            first_contact_at = received_at + dt.timedelta(hours=rng.choice([2, 5, 20, 30, 52]))
            first_contact_at = min(first_contact_at, now)
        if channel == Channel.STAFF_CONCERN and staff:
            created_by = rng.choice(staff)
        elif owner is not None and rng.random() < 0.7:
            created_by = owner
        else:
            created_by = coordinator
        forms = sorted({_weighted(rng, ABUSE_WEIGHTS) for _ in range(rng.randrange(1, 4))}, key=str)
        case = Case(
            reference=reference,
            status=status,
            channel=channel,
            received_at=received_at,
            first_contact_due_at=due,
            first_contact_at=first_contact_at,
            immediate_danger=danger,
            urgency=urgency,
            summary=rng.choice(SUMMARIES),
            referrer=rng.choice(REFERRERS)
            if channel in (Channel.POLICE, Channel.MARAC, Channel.OTHER_AGENCY)
            else "",
            abuse_forms=[str(form) for form in forms],
            tenancy_reference=f"T{rng.randrange(100000, 999999)}" if rng.random() < 0.85 else "",
            property_reference=f"P{rng.randrange(10000, 99999)}" if rng.random() < 0.8 else "",
            tenancy_type=rng.choices(["secure", "assured", "starter", "unknown"], [40, 35, 10, 15])[
                0
            ],
            owner=owner,
            allocated_at=received_at + dt.timedelta(hours=1) if owner else None,
            # Cases allocated in the last few days and not yet contacted are still "New" to
            # their officer (no draw from rng: the rest of the demo data stays as it was).
            owner_opened_at=(
                None
                if owner is None or (status == CaseStatus.IN_TRIAGE and age_days < 3)
                else received_at + dt.timedelta(hours=2)
            ),
            team=owner.team if owner else None,
            restricted=rng.random() < 0.01,
            created_by=created_by,
            created_at=received_at,
        )
        if status == CaseStatus.CLOSED:
            case.closure_reason = _weighted(rng, CLOSURE_WEIGHTS)
            case.closed_at = min(received_at + dt.timedelta(days=rng.randrange(14, 200)), now)
            if case.closure_reason in (
                ClosureReason.MOVED_WITH_HANDOVER,
                ClosureReason.REFERRED_ON,
            ):
                case.closure_notes = "Handed over to the receiving landlord's DA lead by phone."
        if status == CaseStatus.REOPENED:
            case.reopened_count = 1
        case.refresh_search_indexes()
        cases.append(case)
        people.append(_people_for(rng, today))
        _add_triage_facts(facts_rng, case, people[-1])
        # The tenancy agrees with what the survivor's own record says about it.
        case.joint_tenancy = people[-1]["survivor"].tenancy_status == TenancyStatus.JOINT_TENANT
    Case.objects.bulk_create(cases, batch_size=BATCH_SIZE)

    survivors: list[Survivor] = []
    members: list[HouseholdMember] = []
    perpetrators: list[Perpetrator] = []
    restricted_links: list[Any] = []
    reviews: list[CoordinatorReview] = []
    restricted_through = Case.restricted_to.through
    for case, parts in zip(cases, people, strict=True):
        survivor = parts["survivor"]
        survivor.case = case
        survivor.refresh_search_indexes()
        survivors.append(survivor)
        for member in parts["members"]:
            member.case = case
            members.append(member)
        for perpetrator in parts["perpetrators"]:
            perpetrator.case = case
            perpetrator.refresh_search_indexes()
            perpetrators.append(perpetrator)
        if case.restricted:
            named = {case.owner_id or officers[0].pk, case.created_by_id}
            restricted_links.extend(
                restricted_through(case_id=case.pk, user_id=user_id) for user_id in named
            )
        if case.status == CaseStatus.DISENGAGED:
            reviews.append(
                CoordinatorReview(
                    case=case,
                    reason=ReviewReason.DISENGAGED,
                    details="The survivor has not replied to three safe-contact attempts.",
                    requested_by=case.owner,
                    requested_at=case.received_at + dt.timedelta(days=10),
                    status=ReviewStatus.OPEN,
                )
            )
    Survivor.objects.bulk_create(survivors, batch_size=BATCH_SIZE)
    # bulk_create skips Survivor.save(), which keeps the search index: fill it here.
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(case_id=survivor.case_id, term=term)
            for survivor in survivors
            for term in sorted(terms_for_survivor(survivor))
        ],
        batch_size=BATCH_SIZE,
    )
    HouseholdMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
    Perpetrator.objects.bulk_create(perpetrators, batch_size=BATCH_SIZE)
    restricted_through.objects.bulk_create(restricted_links, batch_size=BATCH_SIZE)
    CoordinatorReview.objects.bulk_create(reviews, batch_size=BATCH_SIZE)
    return cases


def _add_triage_facts(rng: random.Random, case: Case, parts: dict[str, Any]) -> None:
    """What intake asks for triage, in proportions a landlord's caseload might show: children
    mostly recorded where there are some; a perpetrator who lives elsewhere often still has a
    key; court orders mostly where he has left; a few perpetrators not named at first call."""
    children = [member for member in parts["members"] if member.is_child]
    if children:
        case.children_in_household = "yes"
        # Now and then intake heard of more children than have been recorded by name.
        case.children_count = len(children) + (1 if rng.random() < 0.1 else 0)
    else:
        answer = rng.choices(["no", "yes", ""], [60, 8, 32])[0]
        case.children_in_household = answer
        case.children_count = rng.choice([1, 2, None]) if answer == "yes" else None
    for perpetrator in parts["perpetrators"]:
        at_home = perpetrator.housing in (
            PerpetratorHousing.JOINT_TENANT,
            PerpetratorHousing.HOUSEHOLD_MEMBER,
        )
        elsewhere = perpetrator.housing == PerpetratorHousing.LIVING_ELSEWHERE
        if at_home:
            perpetrator.has_key = "yes" if rng.random() < 0.95 else ""
        elif elsewhere:
            perpetrator.has_key = rng.choices(["yes", "no", ""], [35, 45, 20])[0]
        else:
            perpetrator.has_key = rng.choices(["yes", "no", ""], [10, 10, 80])[0]
        if elsewhere:
            weights = {
                "non_molestation": 25,
                "restraining": 8,
                "occupation": 4,
                "dvpo": 6,
                "none": 35,
                "": 22,
            }
        else:
            weights = {"non_molestation": 4, "occupation": 3, "dvpo": 2, "none": 45, "": 46}
        order = rng.choices(list(weights), list(weights.values()))[0]
        perpetrator.court_orders = [order] if order else []
        if order == "non_molestation" and rng.random() < 0.15:
            perpetrator.court_orders.append("occupation")
        if case.status in (CaseStatus.NEW, CaseStatus.IN_TRIAGE) and rng.random() < 0.12:
            perpetrator.name = ""


def _people_for(rng: random.Random, today: dt.date) -> dict[str, Any]:
    woman = rng.random() < 0.84
    given = _first_name(rng, woman)
    family = _surname(rng)
    teenager = rng.random() < 0.02
    dob = (
        _date_of_birth(rng, today, 16, 18)
        if teenager
        else _date_of_birth(rng, today, 18, 80)
        if rng.random() < 0.9
        else None
    )
    interpreter = rng.random() < 0.06
    survivor = Survivor(
        given_name=given,
        family_name=family,
        known_as=given[:3] if rng.random() < 0.05 else "",
        date_of_birth=dob,
        gender="Woman" if woman else "Man",
        phone=_phone(rng) if rng.random() < 0.9 else "",
        email=f"{given.lower()}.{family.lower().replace(chr(39), '')}{rng.randrange(99)}@example.com"
        if rng.random() < 0.4
        else "",
        address=_address(rng),
        postcode=_postcode(rng),
        tenancy_status=rng.choices(
            [
                TenancyStatus.TENANT,
                TenancyStatus.JOINT_TENANT,
                TenancyStatus.HOUSEHOLD_MEMBER,
                TenancyStatus.NOT_A_TENANT,
            ],
            [55, 20, 15, 10],
        )[0],
        interpreter_needed=interpreter,
        language=rng.choice(LANGUAGES) if interpreter else "",
        accessible_formats=[rng.choice(list(AccessibleFormat.values))]
        if rng.random() < 0.05
        else [],
        disability_needs=rng.choice(DISABILITY_NOTES) if rng.random() < 0.12 else "",
        preferred_staff_gender=(StaffGenderPreference.WOMAN if woman else StaffGenderPreference.MAN)
        if rng.random() < 0.12
        else "",
        immigration_status=rng.choice(
            [ImmigrationStatus.SPOUSAL_VISA, ImmigrationStatus.NO_STATUS, ImmigrationStatus.UNSURE]
        )
        if rng.random() < 0.04
        else "",
        no_recourse_to_public_funds="yes" if rng.random() < 0.02 else "",
        pregnant="yes" if woman and rng.random() < 0.06 else "",
        eq_sex=("female" if woman else "male") if rng.random() < 0.6 else "prefer_not_to_say",
        eq_ethnicity=rng.choice(["white", "asian", "black", "mixed", "other", "prefer_not_to_say"])
        if rng.random() < 0.6
        else "",
    )
    members = []
    if rng.random() < 0.45:
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            child_age = rng.randrange(0, 17)
            members.append(
                HouseholdMember(
                    name=f"{rng.choice(FEMALE_NAMES + MALE_NAMES)} {family}",
                    is_child=True,
                    age_years=child_age,
                    relationship_to_survivor=ChildRelationship.CHILD,
                    relationship_to_perpetrator=rng.choice(
                        [ChildRelationship.CHILD, ChildRelationship.STEPCHILD, "not_related"]
                    ),
                )
            )
    perpetrators = []
    if rng.random() < 0.88:
        connection = rng.choices(
            [
                PersonalConnection.INTIMATE_RELATIONSHIP,
                PersonalConnection.MARRIED,
                PersonalConnection.SHARED_CHILD,
                PersonalConnection.RELATIVES,
                PersonalConnection.CIVIL_PARTNERS,
            ],
            [50, 20, 12, 15, 3],
        )[0]
        perpetrators.append(
            Perpetrator(
                name=f"{_first_name(rng, not woman)} {_surname(rng)}",
                date_of_birth=_date_of_birth(rng, today, 18, 70) if rng.random() < 0.5 else None,
                gender="Man" if woman else "Woman",
                relationship=connection,
                housing=rng.choice(
                    [
                        PerpetratorHousing.JOINT_TENANT,
                        PerpetratorHousing.HOUSEHOLD_MEMBER,
                        PerpetratorHousing.LIVING_ELSEWHERE,
                        PerpetratorHousing.UNKNOWN,
                    ]
                ),
            )
        )
    return {"survivor": survivor, "members": members, "perpetrators": perpetrators}
