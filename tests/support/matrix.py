"""Rows of the permission matrix (tests/test_permission_matrix.py).

Every app lists its URLs in tests/<app>/matrix.py:

    ROWS = [
        Row("cases:list", expect=only(200, "case_officer", "coordinator")),
        Row("cases:detail", kwargs=lambda world: {"reference": world["case"].reference},
            expect={...}),
    ]

    def world(personas):          # optional: objects the kwargs need, keyed by name
        return {"case": make_case(owner=personas["case_officer"])}

`expect` maps every role in ROLES to the status a GET from that role must get (302 means a
redirect; for "anonymous" that is to sign-in). A named URL with no row fails the suite.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "staff", "case_officer", "coordinator", "manager", "administrator")


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, int]
    kwargs: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] = field(
        default_factory=dict
    )
    method: str = "get"
    # For POST-only URLs, the data sent; permission is judged on the status alone.
    data: dict[str, Any] | None = None
    # What another case officer gets (one outside the case, or named on a different restricted
    # case), where it is not what the case officer gets: their own passkey, say. Pages of a
    # case (a `reference` in the URL) are always a 404 to them.
    outsiders: int | None = None

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"Matrix row {self.name} has no expectation for {sorted(missing)}")

    def resolve_kwargs(self, world: dict[str, Any]) -> dict[str, Any]:
        return self.kwargs(world) if callable(self.kwargs) else dict(self.kwargs)


def only(status: int, *roles: str, others: int = 403, anonymous: int = 302) -> dict[str, int]:
    """`status` for the named roles, `others` for every other signed-in role."""
    expect = {role: (status if role in roles else others) for role in ROLES}
    expect["anonymous"] = anonymous
    return expect


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    return only(status, *ROLES[1:], anonymous=anonymous)
