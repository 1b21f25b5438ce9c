"""The people in a case: the survivor, their household and children, and the perpetrator(s).

Identifying details are encrypted at rest. Exact-match search and duplicate matching use the
blind-index columns (keyed hashes), never the encrypted values.
"""

import datetime as dt
from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from haven.cases.fields import EncryptedDateField
from haven.lib.crypto import EncryptedCharField, EncryptedTextField, blind_index

from .case import Case

PREFER_NOT_TO_SAY = ("prefer_not_to_say", "Prefer not to say")


def full_name_index(given_name: str, family_name: str) -> str:
    return blind_index(f"{given_name} {family_name}", purpose="name")


def family_name_index(family_name: str) -> str:
    return blind_index(family_name, purpose="family_name")


def dob_index(date_of_birth: dt.date | None) -> str:
    return blind_index(date_of_birth.isoformat(), purpose="dob") if date_of_birth else ""


def postcode_index(postcode: str) -> str:
    return blind_index(postcode, purpose="postcode")


def phone_index(phone: str) -> str:
    """UK numbers match whether written +44 7700 900123 or 07700 900123."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return blind_index(digits, purpose="phone")


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


class TenancyStatus(models.TextChoices):
    TENANT = "tenant", "Tenant"
    JOINT_TENANT = "joint_tenant", "Joint tenant"
    HOUSEHOLD_MEMBER = "household_member", "Member of a tenant's household"
    NOT_A_TENANT = "not_a_tenant", "Not a tenant"
    UNKNOWN = "unknown", "Not known yet"


class StaffGenderPreference(models.TextChoices):
    NONE = "", "No preference"
    WOMAN = "woman", "A woman"
    MAN = "man", "A man"
    NON_BINARY = "non_binary", "A non-binary member of staff"


class YesNoUnknown(models.TextChoices):
    UNKNOWN = "", "Not known"
    YES = "yes", "Yes"
    NO = "no", "No"


class ImmigrationStatus(models.TextChoices):
    NOT_ASKED = "", "Not recorded"
    BRITISH_OR_SETTLED = "settled", "British citizen or settled status"
    PRE_SETTLED = "pre_settled", "Pre-settled status"
    LEAVE_TO_REMAIN = "leave_to_remain", "Limited leave to remain"
    SPOUSAL_VISA = "spousal_visa", "Spouse or partner visa"
    ASYLUM_SEEKER = "asylum", "Seeking asylum"
    NO_STATUS = "no_status", "No current status"
    UNSURE = "unsure", "The survivor is not sure"
    PREFER_NOT = PREFER_NOT_TO_SAY


class AccessibleFormat(models.TextChoices):
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"
    BSL = "bsl", "British Sign Language interpreter"
    OTHER = "other", "Something else (in the notes)"


# Equality monitoring: optional, and "Prefer not to say" is always an answer.
class Sex(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT = PREFER_NOT_TO_SAY


class GenderSameAsBirth(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT_TO_SAY


class SexualOrientation(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Ethnicity(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Another ethnic group"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Religion(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    NONE = "none", "No religion"
    BUDDHIST = "buddhist", "Buddhist"
    CHRISTIAN = "christian", "Christian"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Another religion"
    PREFER_NOT = PREFER_NOT_TO_SAY


class DisabilityAnswer(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Survivor(models.Model):
    """The person the case is about. One per case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="survivor")
    given_name = EncryptedCharField(max_length=100)
    family_name = EncryptedCharField(blank=True, max_length=100)
    known_as = EncryptedCharField(blank=True, max_length=100)
    date_of_birth = EncryptedDateField(blank=True, null=True)
    gender = models.CharField(max_length=40, blank=True)
    phone = EncryptedCharField(blank=True, max_length=40)
    email = EncryptedCharField(blank=True, max_length=200)
    address = EncryptedTextField(blank=True)
    postcode = EncryptedCharField(blank=True, max_length=10)
    tenancy_status = models.CharField(
        max_length=20, choices=TenancyStatus.choices, default=TenancyStatus.UNKNOWN
    )
    # A survivor who works here makes the case restricted.
    is_staff_member = models.BooleanField(default=False)

    # Needs
    interpreter_needed = models.BooleanField(default=False)
    language = models.CharField(max_length=80, blank=True)
    accessible_formats = models.JSONField(default=list, blank=True)
    disability_needs = EncryptedTextField(blank=True)
    preferred_staff_gender = models.CharField(
        max_length=20, choices=StaffGenderPreference.choices, blank=True
    )
    immigration_status = models.CharField(
        max_length=20, choices=ImmigrationStatus.choices, blank=True
    )
    no_recourse_to_public_funds = models.CharField(
        max_length=5, choices=YesNoUnknown.choices, blank=True
    )
    pregnant = models.CharField(max_length=5, choices=YesNoUnknown.choices, blank=True)
    care_and_support_needs = EncryptedTextField(blank=True)
    needs_notes = EncryptedTextField(blank=True)

    # Equality monitoring (optional)
    eq_sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    eq_gender_same_as_birth = models.CharField(
        max_length=20, choices=GenderSameAsBirth.choices, blank=True
    )
    eq_sexual_orientation = models.CharField(
        max_length=20, choices=SexualOrientation.choices, blank=True
    )
    eq_ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices, blank=True)
    eq_religion = models.CharField(max_length=20, choices=Religion.choices, blank=True)
    eq_disability = models.CharField(max_length=20, choices=DisabilityAnswer.choices, blank=True)

    # Blind indexes (keyed hashes) for search and duplicate matching.
    name_index = models.CharField(max_length=32, blank=True, db_index=True)
    family_name_index = models.CharField(max_length=32, blank=True, db_index=True)
    dob_index = models.CharField(max_length=32, blank=True, db_index=True)
    postcode_index = models.CharField(max_length=32, blank=True, db_index=True)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True)

    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_indexes()
        super().save(*args, **kwargs)

    def refresh_search_indexes(self) -> None:
        self.name_index = full_name_index(self.given_name, self.family_name)
        self.family_name_index = family_name_index(self.family_name)
        self.dob_index = dob_index(self.date_of_birth)
        self.postcode_index = postcode_index(self.postcode)
        self.phone_index = phone_index(self.phone)

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        if self.known_as and self.known_as != self.given_name:
            name = f"{name} (known as {self.known_as})"
        return name

    def age_on(self, today: dt.date) -> int | None:
        return age_on(self.date_of_birth, today) if self.date_of_birth else None

    def accessible_format_labels(self) -> list[str]:
        labels = dict(AccessibleFormat.choices)
        return [labels[key] for key in self.accessible_formats if key in labels]


class ChildRelationship(models.TextChoices):
    CHILD = "child", "Child"
    STEPCHILD = "stepchild", "Stepchild"
    FOSTER_CHILD = "foster_child", "Foster child"
    GRANDCHILD = "grandchild", "Grandchild"
    SIBLING = "sibling", "Brother or sister"
    PARENT = "parent", "Parent"
    OTHER_RELATIVE = "other_relative", "Another relative"
    PARTNER = "partner", "Partner"
    NOT_RELATED = "not_related", "Not related"
    UNKNOWN = "", "Not known"


class HouseholdMember(models.Model):
    """Someone living with the survivor: children above all (they are victims in their own right)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="household_members")
    name = EncryptedCharField(max_length=150)
    is_child = models.BooleanField(default=False)
    date_of_birth = EncryptedDateField(blank=True, null=True)
    # When the date of birth is not known, the age as told.
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    relationship_to_survivor = models.CharField(
        max_length=20, choices=ChildRelationship.choices, blank=True
    )
    relationship_to_perpetrator = models.CharField(
        max_length=20, choices=ChildRelationship.choices, blank=True
    )
    school_or_nursery = EncryptedCharField(blank=True, max_length=200)
    notes = EncryptedTextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.name

    def age_on(self, today: dt.date) -> int | None:
        if self.date_of_birth:
            return age_on(self.date_of_birth, today)
        return self.age_years


class PersonalConnection(models.TextChoices):
    """Domestic Abuse Act 2021 s.2: how two people are "personally connected"."""

    MARRIED = "married", "Married, or were married, to each other"
    CIVIL_PARTNERS = "civil_partners", "Civil partners, or were civil partners"
    AGREED_TO_MARRY = "agreed_to_marry", "Agreed to marry one another (agreement may have ended)"
    CIVIL_PARTNERSHIP_AGREEMENT = (
        "civil_partnership_agreement",
        "Entered into a civil partnership agreement (agreement may have ended)",
    )
    INTIMATE_RELATIONSHIP = (
        "intimate_relationship",
        "In, or have been in, an intimate personal relationship",
    )
    SHARED_CHILD = (
        "shared_child",
        "Each is a parent of, or has parental responsibility for, the same child",
    )
    RELATIVES = "relatives", "Relatives (for example an adult child, a parent, a sibling)"
    NOT_PERSONALLY_CONNECTED = (
        "not_connected",
        "Not personally connected (for example a carer who is not a relative)",
    )
    UNKNOWN = "", "Not known yet"


class PerpetratorHousing(models.TextChoices):
    """Where the perpetrator lives: the first two mean at the survivor's home."""

    # "Tenant" alone did not say whose home: it is a tenancy of ours somewhere else.
    TENANT = "tenant", "Our tenant, at another address"
    JOINT_TENANT = "joint_tenant", "Joint tenant with the survivor"
    HOUSEHOLD_MEMBER = "household_member", "Lives in the survivor's household"
    LIVING_ELSEWHERE = "living_elsewhere", "Lives elsewhere"
    UNKNOWN = "", "Not known"


class CourtOrder(models.TextChoices):
    """Orders that protect the survivor from the perpetrator. "none" is an answer ("we asked:
    there are none"); an empty list means nobody knows yet."""

    NON_MOLESTATION = "non_molestation", "Non-molestation order"
    RESTRAINING = "restraining", "Restraining order"
    OCCUPATION = "occupation", "Occupation order"
    DVPO = "dvpo", "Domestic Violence Protection Notice or Order (DVPN or DVPO)"
    DAPO = "dapo", "Domestic Abuse Protection Notice or Order (DAPN or DAPO)"
    NONE = "none", "No court orders"


class Perpetrator(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    # Blank when the survivor has not given a name (yet): what triage needs (does he have a key,
    # is there an order) matters before a name does.
    name = EncryptedCharField(max_length=150, blank=True)
    known_as = EncryptedCharField(blank=True, max_length=100)
    date_of_birth = EncryptedDateField(blank=True, null=True)
    gender = models.CharField(max_length=40, blank=True)
    relationship = models.CharField(max_length=40, choices=PersonalConnection.choices, blank=True)
    relationship_detail = EncryptedCharField(blank=True, max_length=200)
    housing = models.CharField(max_length=20, choices=PerpetratorHousing.choices, blank=True)
    has_key = models.CharField(max_length=5, choices=YesNoUnknown.choices, blank=True)
    # Values of CourtOrder; [] is "not known", ["none"] is "asked, there are none".
    court_orders = models.JSONField(default=list, blank=True)
    # A perpetrator (or survivor) who works here makes the case restricted.
    is_staff_member = models.BooleanField(default=False)
    address = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    name_index = models.CharField(max_length=32, blank=True, db_index=True)
    dob_index = models.CharField(max_length=32, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_indexes()
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.name or "Name not given"

    def court_order_labels(self) -> list[str]:
        labels = dict(CourtOrder.choices)
        return [labels[key] for key in self.court_orders if key in labels]

    def refresh_search_indexes(self) -> None:
        self.name_index = blind_index(self.name, purpose="name")
        self.dob_index = dob_index(self.date_of_birth)
