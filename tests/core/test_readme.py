"""The README's demo sign-ins are the ones `make demo` really creates."""

import re
from pathlib import Path

from haven.accounts.models import Role
from haven.core import demo

ROOT = Path(__file__).resolve().parents[2]


def make_demo_seed() -> int:
    match = re.search(r"^DEMO_SEED \?= (\d+)$", (ROOT / "Makefile").read_text(), re.M)
    assert match, "the Makefile no longer sets DEMO_SEED"
    return int(match.group(1))


def readme_sign_ins() -> list[tuple[str, str, str, str]]:
    rows = re.findall(
        r"^\| ([^|]+) \| ([^|]+) \| (\S+@demo\.example) \| (demo-[a-z0-9-]+) \|$",
        (ROOT / "README.md").read_text(),
        re.M,
    )
    return [tuple(cell.strip() for cell in row) for row in rows]


def test_the_readme_lists_every_demo_person_with_the_password_make_demo_gives_them():
    seed = make_demo_seed()
    expected = [
        (
            Role(person.role).label,
            person.full_name,
            person.email,
            demo.demo_password(seed, person.email),
        )
        for person in demo.DEMO_CAST
    ]
    assert readme_sign_ins() == expected
