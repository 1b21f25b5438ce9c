"""The survivor's safe-contact plan as rules, and the check of a proposed outbound contact.

Pure: plain values in, plain sentences out, no database. The service layer turns a stored plan
into a `ContactPlan`, asks `breaches(plan, proposed)` and refuses the contact (unless an officer
overrides with a reason) when the list is not empty.

Times are the survivor's wall-clock times in Europe/London: "weekdays 10am to 2pm" means 10am
whether the clocks show GMT or BST, so every instant is converted to London time before it is
compared with a window.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
MINUTES_PER_DAY = 24 * 60
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
EVERY_DAY = frozenset(range(7))


class Channel(StrEnum):
    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    LETTER = "letter"
    VISIT = "visit"
    THIRD_PARTY = "third_party"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    Channel.PHONE: "Phone call",
    Channel.TEXT: "Text message",
    Channel.EMAIL: "E-mail",
    Channel.LETTER: "Letter",
    Channel.VISIT: "Visit",
    Channel.THIRD_PARTY: "Through a named third party",
}

# As the subject of "... are not a safe way to contact this survivor".
CHANNEL_PLURALS = {
    Channel.PHONE: "Phone calls",
    Channel.TEXT: "Text messages",
    Channel.EMAIL: "E-mails",
    Channel.LETTER: "Letters",
    Channel.VISIT: "Visits",
    Channel.THIRD_PARTY: "Messages through a third party",
}

# What must never happen, phrased as an instruction for the banner.
CHANNEL_PROHIBITIONS = {
    Channel.PHONE: "Do not phone",
    Channel.TEXT: "Do not send text messages",
    Channel.EMAIL: "Do not e-mail",
    Channel.LETTER: "Do not write to the home address or any other address",
    Channel.VISIT: "Do not visit the home",
    Channel.THIRD_PARTY: "Do not pass messages through anyone else",
}

# Letters arrive whenever the post comes: the time they are sent says nothing about safety.
TIMED_CHANNELS = frozenset(set(Channel) - {Channel.LETTER})


class Rule(StrEnum):
    NO_PLAN = "no_plan"
    CHANNEL_NOT_ALLOWED = "channel_not_allowed"
    OUTSIDE_SAFE_TIMES = "outside_safe_times"
    WITHIN_UNSAFE_TIMES = "within_unsafe_times"
    NO_AGREED_DESTINATION = "no_agreed_destination"
    DESTINATION_NOT_AGREED = "destination_not_agreed"
    VOICEMAIL_NOT_ALLOWED = "voicemail_not_allowed"


@dataclass(frozen=True)
class TimeWindow:
    """Days of the week (0 = Monday) and a span of minutes after midnight, London time.

    `end` is exclusive. A window whose end is not after its start runs past midnight into the
    next day ("weekdays 10pm to 6am" covers Friday 11pm and Saturday 5am, not Sunday 11pm).
    `end == MINUTES_PER_DAY` means "until midnight".
    """

    days: frozenset[int]
    start: int
    end: int

    def __post_init__(self) -> None:
        if not self.days or not self.days <= EVERY_DAY:
            raise ValueError("A time window needs at least one day, Monday (0) to Sunday (6).")
        if not (0 <= self.start < MINUTES_PER_DAY and 0 < self.end <= MINUTES_PER_DAY):
            raise ValueError("A time window's start and end must be within the day.")
        if self.start == self.end:
            raise ValueError("A time window cannot start and end at the same time.")

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def contains(self, weekday: int, minute: int) -> bool:
        if not self.crosses_midnight:
            return weekday in self.days and self.start <= minute < self.end
        previous_day = (weekday - 1) % 7
        return (weekday in self.days and minute >= self.start) or (
            previous_day in self.days and minute < self.end
        )

    def describe(self) -> str:
        days = describe_days(self.days)
        if self.start == 0 and self.end == MINUTES_PER_DAY:
            return f"{days} (all day)"
        return f"{days} {format_minute(self.start)} to {format_minute(self.end)}"

    def as_dict(self) -> dict:
        return {"days": sorted(self.days), "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict) -> "TimeWindow":
        return cls(
            days=frozenset(int(d) for d in data["days"]),
            start=int(data["start"]),
            end=int(data["end"]),
        )


@dataclass(frozen=True)
class ContactPlan:
    """What the survivor agreed. Destinations are the only ones we may use for each channel."""

    allowed_channels: frozenset[Channel]
    phone_numbers: tuple[str, ...] = ()
    email_address: str = ""
    postal_address: str = ""
    visit_address: str = ""
    third_party: str = ""
    # No safe times means "any time that is not unsafe".
    safe_times: tuple[TimeWindow, ...] = ()
    unsafe_times: tuple[TimeWindow, ...] = ()
    voicemail_allowed: bool = False


@dataclass(frozen=True)
class ProposedContact:
    channel: Channel
    when: dt.datetime
    destination: str = ""
    leaves_voicemail: bool = False


@dataclass(frozen=True)
class Breach:
    rule: Rule
    message: str


@dataclass(frozen=True)
class PlanSummary:
    """The banner's content: how and when contact is safe, and what must never happen."""

    safe_ways: list[str] = field(default_factory=list)
    safe_times: list[str] = field(default_factory=list)
    unsafe_times: list[str] = field(default_factory=list)
    never: list[str] = field(default_factory=list)


# --- Formatting ----------------------------------------------------------------------------


def format_minute(minute: int) -> str:
    """GOV.UK style: 10am, 2:30pm, midday, midnight."""
    minute %= MINUTES_PER_DAY
    if minute == 0:
        return "midnight"
    if minute == 12 * 60:
        return "midday"
    hour, rest = divmod(minute, 60)
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}{suffix}" if rest == 0 else f"{shown}:{rest:02d}{suffix}"


def describe_days(days: frozenset[int]) -> str:
    if days == EVERY_DAY:
        return "every day"
    if days == WEEKDAYS:
        return "weekdays"
    if days == WEEKEND:
        return "weekends"
    names = [DAY_NAMES[d] for d in sorted(days)]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def describe_windows(windows: tuple[TimeWindow, ...]) -> str:
    return "; ".join(window.describe() for window in windows)


def local_moment(when: dt.datetime) -> tuple[int, int, dt.datetime]:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("A contact time must include its time zone.")
    local = when.astimezone(LONDON)
    return local.weekday(), local.hour * 60 + local.minute, local


def describe_moment(when: dt.datetime) -> str:
    weekday, minute, _ = local_moment(when)
    return f"{DAY_NAMES[weekday]} {format_minute(minute)}"


_TIME_PATTERN = re.compile(
    r"^\s*(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<suffix>am|pm|a\.m\.|p\.m\.)?\s*$",
    re.IGNORECASE,
)


def parse_time_of_day(text: str, *, is_end: bool = False) -> int:
    """'10am', '2:30pm', '14:00', 'midday', 'midnight' -> minutes after midnight.

    Midnight is the start of a day, or its end (1440) when it ends a window.
    Raises ValueError with a message fit to show to the person who typed it.
    """
    cleaned = text.strip().lower()
    if cleaned in {"midday", "noon", "12 noon"}:
        return 12 * 60
    if cleaned == "midnight":
        return MINUTES_PER_DAY if is_end else 0
    match = _TIME_PATTERN.match(cleaned)
    if not match:
        raise ValueError("Enter a time like 10am, 2:30pm or 14:00")
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    suffix = (match["suffix"] or "").replace(".", "")
    if minute > 59:
        raise ValueError("Enter a real time: minutes go up to 59")
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError("Enter a real time: with am or pm, hours go from 1 to 12")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif hour > 24 or (hour == 24 and minute):
        raise ValueError("Enter a real time: hours go up to 23")
    total = hour * 60 + minute
    if total == 0 and is_end:
        return MINUTES_PER_DAY
    if total == MINUTES_PER_DAY and not is_end:
        return 0
    return total


# --- Matching destinations ------------------------------------------------------------------


def normalise_phone(number: str) -> str:
    """Spaces, brackets and a +44 / 0044 prefix do not make a different number."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.strip().startswith("+44") or digits.startswith("0044"):
        digits = digits[2:] if digits.startswith("44") else digits[4:]
        digits = "0" + digits.lstrip("0")
    return digits


def normalise_text(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _same_destination(channel: Channel, proposed: str, agreed: str) -> bool:
    if channel in (Channel.PHONE, Channel.TEXT):
        return bool(normalise_phone(proposed)) and normalise_phone(proposed) == normalise_phone(
            agreed
        )
    return bool(normalise_text(proposed)) and normalise_text(proposed) == normalise_text(agreed)


def agreed_destinations(plan: ContactPlan, channel: Channel) -> tuple[str, ...]:
    if channel in (Channel.PHONE, Channel.TEXT):
        return tuple(n for n in plan.phone_numbers if n.strip())
    single = {
        Channel.EMAIL: plan.email_address,
        Channel.LETTER: plan.postal_address,
        Channel.VISIT: plan.visit_address,
        Channel.THIRD_PARTY: plan.third_party,
    }[channel]
    return (single,) if single.strip() else ()


_DESTINATION_NOUNS = {
    Channel.PHONE: "number",
    Channel.TEXT: "number",
    Channel.EMAIL: "e-mail address",
    Channel.LETTER: "address",
    Channel.VISIT: "address",
    Channel.THIRD_PARTY: "person",
}
_DESTINATION_USES = {
    Channel.PHONE: "we may use",
    Channel.TEXT: "we may use",
    Channel.EMAIL: "we may use",
    Channel.LETTER: "we may write to",
    Channel.VISIT: "we may visit",
    Channel.THIRD_PARTY: "we may contact them through",
}


# --- The check -------------------------------------------------------------------------------


def breaches(plan: ContactPlan | None, proposed: ProposedContact) -> list[Breach]:
    """Every rule of the plan the proposed outbound contact would break, in a stable order.

    An empty list means the contact is safe as far as the plan goes. No plan at all is itself
    a breach: until the survivor has agreed how we may contact them, every contact is a risk.
    """
    weekday, minute, _ = local_moment(proposed.when)
    if plan is None:
        return [
            Breach(
                Rule.NO_PLAN,
                "No safe-contact plan has been agreed with this survivor yet",
            )
        ]
    found: list[Breach] = []
    channel = proposed.channel
    if channel not in plan.allowed_channels:
        found.append(
            Breach(
                Rule.CHANNEL_NOT_ALLOWED,
                f"{CHANNEL_PLURALS[channel]} are not a safe way to contact this survivor",
            )
        )
    if channel in TIMED_CHANNELS:
        moment = describe_moment(proposed.when)
        if plan.safe_times and not any(w.contains(weekday, minute) for w in plan.safe_times):
            found.append(
                Breach(
                    Rule.OUTSIDE_SAFE_TIMES,
                    f"{moment} is outside the safe times agreed ({describe_windows(plan.safe_times)})",
                )
            )
        unsafe = [w for w in plan.unsafe_times if w.contains(weekday, minute)]
        if unsafe:
            found.append(
                Breach(
                    Rule.WITHIN_UNSAFE_TIMES,
                    f"{moment} is a time the survivor said is not safe ({describe_windows(tuple(unsafe))})",
                )
            )
    if channel in plan.allowed_channels:
        agreed = agreed_destinations(plan, channel)
        noun = _DESTINATION_NOUNS[channel]
        if not agreed:
            found.append(
                Breach(
                    Rule.NO_AGREED_DESTINATION,
                    f"No {noun} has been agreed for {CHANNEL_PLURALS[channel].lower()}",
                )
            )
        elif not any(_same_destination(channel, proposed.destination, a) for a in agreed):
            found.append(
                Breach(
                    Rule.DESTINATION_NOT_AGREED,
                    f"This is not the {noun} the survivor agreed {_DESTINATION_USES[channel]}",
                )
            )
    if channel == Channel.PHONE and proposed.leaves_voicemail and not plan.voicemail_allowed:
        found.append(Breach(Rule.VOICEMAIL_NOT_ALLOWED, "Voicemail must not be left"))
    return found


def summarise(plan: ContactPlan) -> PlanSummary:
    """How and when contact is safe, and what must never happen, in the banner's words."""
    summary = PlanSummary()
    for channel in Channel:
        if channel not in plan.allowed_channels:
            summary.never.append(CHANNEL_PROHIBITIONS[channel])
            continue
        agreed = agreed_destinations(plan, channel)
        if channel in (Channel.PHONE, Channel.TEXT) and agreed:
            summary.safe_ways.append(f"{channel.label} to {' or '.join(agreed)}")
        elif channel == Channel.THIRD_PARTY and agreed:
            summary.safe_ways.append(f"Through {agreed[0]}")
        elif agreed:
            summary.safe_ways.append(f"{channel.label} to {agreed[0]}")
        else:
            summary.safe_ways.append(
                f"{channel.label} (no {_DESTINATION_NOUNS[channel]} agreed yet)"
            )
    if Channel.PHONE in plan.allowed_channels and not plan.voicemail_allowed:
        summary.never.append("Do not leave voicemail")
    summary.safe_times.extend(w.describe() for w in plan.safe_times)
    if not plan.safe_times:
        summary.safe_times.append("Any time not listed as unsafe")
    summary.unsafe_times.extend(w.describe() for w in plan.unsafe_times)
    return summary
