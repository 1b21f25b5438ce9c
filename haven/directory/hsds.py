"""The Open Referral UK (HSDS) shape of the directory, both ways, as pure functions.

A document is `{"schema": ..., "services": [service, ...]}` where each service follows Open
Referral UK's service with its nested parts: `organization`, `phones`, `service_areas`,
`regular_schedules`, `languages` and `service_taxonomys` (our specialisms, under the vocabulary
`haven-specialisms`). What the standard has no field for (a text-message instruction such as
"text NCDV to 607779", a web chat address) travels in `x_haven`, an extension other systems
ignore. Importing what we export gives back the same services.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from haven.directory.rules import SPECIALISM_LABELS

# The national services and the two example local areas Haven ships with.
SHIPPED_SERVICES = Path(__file__).resolve().parent / "data" / "services.json"

SCHEMA = "openreferraluk-1.0 services, with the haven-specialisms taxonomy"
VOCABULARY = "haven-specialisms"
NATIONAL_AREA = "National"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass
class ServiceData:
    key: str
    name: str
    organisation: str = ""
    description: str = ""
    specialisms: list[str] = field(default_factory=list)
    national: bool = False
    areas: list[str] = field(default_factory=list)
    phone: str = ""
    other_phone: str = ""
    text: str = ""
    email: str = ""
    website: str = ""
    chat: str = ""
    open_24_7: bool = False
    opening_hours: str = ""
    languages: list[str] = field(default_factory=list)
    active: bool = True


class HsdsError(ValueError):
    """The document is not one we can import; the message says where and why."""


def to_hsds(service: ServiceData) -> dict[str, Any]:
    key = service.key
    phones = [
        {"id": f"{key}-phone-{n}", "number": number, "description": description}
        for n, (number, description) in enumerate(
            [(service.phone, "Phone"), (service.other_phone, "Other phone")], start=1
        )
        if number
    ]
    areas = ([NATIONAL_AREA] if service.national else []) + sorted(service.areas)
    schedules = []
    if service.open_24_7:
        schedules.append(
            {
                "id": f"{key}-schedule-1",
                "byday": EVERY_DAY,
                "opens_at": "00:00",
                "closes_at": "23:59",
                "description": "24 hours a day, 7 days a week",
            }
        )
    elif service.opening_hours:
        schedules.append({"id": f"{key}-schedule-1", "description": service.opening_hours})
    return {
        "id": key,
        "name": service.name,
        "description": service.description,
        "url": service.website,
        "email": service.email,
        "status": "active" if service.active else "inactive",
        "organization": {
            "id": _slug(service.organisation or service.name),
            "name": service.organisation,
        },
        "phones": phones,
        "service_areas": [
            {"id": f"{key}-area-{_slug(area)}", "service_area": area} for area in areas
        ],
        "regular_schedules": schedules,
        "languages": [
            {"id": f"{key}-language-{n}", "language": language}
            for n, language in enumerate(service.languages, start=1)
        ],
        "service_taxonomys": [
            {
                "id": f"{key}-taxonomy-{specialism}",
                "taxonomy": {
                    "id": specialism,
                    "name": str(SPECIALISM_LABELS.get(specialism, specialism)),
                    "vocabulary": VOCABULARY,
                },
            }
            for specialism in service.specialisms
        ],
        "x_haven": {"text": service.text, "chat": service.chat},
    }


def from_hsds(item: Any, position: int) -> ServiceData:
    where = f"Service {position}"
    if not isinstance(item, dict):
        raise HsdsError(f"{where} is not an object.")
    key = str(item.get("id", "")).strip()
    if not _KEY.match(key):
        raise HsdsError(
            f"{where}: its id must be lower-case letters, digits and dashes (80 at most)."
        )
    where = f"Service {position} ({key})"
    name = _text(item.get("name"), where, "name", 200)
    if not name:
        raise HsdsError(f"{where} has no name.")
    phones = {
        _text(p.get("description"), where, "phone description", 60): _text(
            p.get("number"), where, "phone", 60
        )
        for p in _list(item, "phones", where)
    }
    areas = [
        _text(a.get("service_area"), where, "service area", 100)
        for a in _list(item, "service_areas", where)
    ]
    schedules = _list(item, "regular_schedules", where)
    open_24_7 = any(
        s.get("byday") == EVERY_DAY
        and s.get("opens_at") == "00:00"
        and s.get("closes_at") == "23:59"
        for s in schedules
    )
    specialisms = []
    for link in _list(item, "service_taxonomys", where):
        taxonomy = _object(link.get("taxonomy"), where, "taxonomy")
        if taxonomy.get("vocabulary") != VOCABULARY:
            continue  # another system's taxonomy: not ours to read
        specialism = taxonomy.get("id")
        if not isinstance(specialism, str) or specialism not in SPECIALISM_LABELS:
            raise HsdsError(f"{where}: {specialism!r} is not a specialism Haven knows.")
        specialisms.append(specialism)
    extension = _object(item.get("x_haven"), where, "x_haven")
    organisation = _object(item.get("organization"), where, "organization")
    return ServiceData(
        key=key,
        name=name,
        organisation=_text(organisation.get("name"), where, "organisation", 200),
        description=_text(item.get("description"), where, "description", 5000),
        specialisms=specialisms,
        national=NATIONAL_AREA in areas,
        areas=sorted(area for area in areas if area and area != NATIONAL_AREA),
        phone=phones.get("Phone", ""),
        other_phone=phones.get("Other phone", ""),
        text=_text(extension.get("text"), where, "text", 120),
        email=_email(item.get("email"), where),
        website=_web_address(item.get("url"), where, "url"),
        chat=_web_address(extension.get("chat"), where, "chat"),
        open_24_7=open_24_7,
        opening_hours=""
        if open_24_7
        else next(
            (_text(s.get("description"), where, "opening hours", 200) for s in schedules), ""
        ),
        languages=[
            _text(entry.get("language"), where, "language", 60)
            for entry in _list(item, "languages", where)
        ],
        active=item.get("status", "active") == "active",
    )


def export_document(services: list[ServiceData]) -> dict[str, Any]:
    return {"schema": SCHEMA, "services": [to_hsds(service) for service in services]}


def parse_document(document: Any) -> list[ServiceData]:
    if not isinstance(document, dict) or not isinstance(document.get("services"), list):
        raise HsdsError('The file must be a JSON object with a list of "services".')
    services = [from_hsds(item, n) for n, item in enumerate(document["services"], start=1)]
    seen: set[str] = set()
    for service in services:
        if service.key in seen:
            raise HsdsError(f"Two services have the id {service.key}.")
        seen.add(service.key)
    return services


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "unnamed"


def _list(item: dict, name: str, where: str) -> list[dict]:
    value = item.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise HsdsError(f"{where}: {name} must be a list of objects.")
    return value


def _object(value: Any, where: str, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise HsdsError(f"{where}: {what} must be an object.")
    return value


def _text(value: Any, where: str, what: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise HsdsError(f"{where}: {what} must be text.")
    # No real text has one, and PostgreSQL refuses to store it.
    if "\x00" in value:
        raise HsdsError(f"{where}: {what} must not contain a null character.")
    value = value.strip()
    if len(value) > limit:
        raise HsdsError(f"{where}: {what} is longer than {limit} characters.")
    return value


# The links are shown to survivors and staff as links: web addresses only, as the service form
# allows (never javascript:, data: or any other kind of address).
_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def _web_address(value: Any, where: str, what: str) -> str:
    text = _text(value, where, what, 200)
    if text:
        try:
            _WEB_ADDRESS(text)
        except ValidationError:
            raise HsdsError(
                f"{where}: {what} must be a web address, like https://www.example.org.uk."
            ) from None
    return text


def _email(value: Any, where: str) -> str:
    text = _text(value, where, "e-mail", 254)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise HsdsError(
                f"{where}: e-mail must be an e-mail address, like name@example.com."
            ) from None
    return text
