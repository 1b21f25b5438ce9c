"""axe-core over every page any role can open, with the data the permission matrix builds.

The journeys check the pages they pass through; this sweeps up every other page (edit forms,
lists, administration), so a page added later is checked as soon as it has a matrix row.
Each page is opened by the first role (in ROLE_ORDER) the matrix says may open it.
"""

import importlib
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.support.journey import axe_violations, describe_violations
from tests.support.personas import signed_in_client
from tests.test_permission_matrix import (
    ENTRIES,
    MatrixWorld,
    build_personas,
    matrix_modules,
    url_for,
)

ROLE_ORDER = ("coordinator", "case_officer", "administrator", "manager", "staff", "anonymous")


def pages_by_role() -> dict[str, list]:
    chosen: dict[str, list] = {role: [] for role in ROLE_ORDER}
    for entry in ENTRIES:
        if entry.row.method.lower() != "get" or entry.row.data is not None:
            continue
        for role in ROLE_ORDER:
            if entry.row.expect.get(role) == 200:
                chosen[role].append(entry)
                break
    return chosen


PAGES = pages_by_role()


def build_world() -> MatrixWorld:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with fast_hashing, transaction.atomic():
        personas = build_personas()
        worlds = {}
        for module_name in matrix_modules():
            builder = getattr(importlib.import_module(module_name), "world", None)
            worlds[module_name] = builder(personas) if builder else {}
    return MatrixWorld(personas=personas, worlds=worlds)


@pytest.mark.parametrize("role", [role for role in ROLE_ORDER if PAGES[role]])
def test_every_page_a_role_can_open_has_no_accessibility_violations(
    role, transactional_db, live_server, new_context
):
    world = build_world()
    context = new_context(bypass_csp=True)  # only so that axe-core can be injected
    context.set_default_timeout(20_000)
    client = Client()
    if role != "anonymous":
        client = signed_in_client(world.personas[role])
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    problems = []
    checked = 0
    for entry in PAGES[role]:
        url = url_for(entry, world)
        if "text/html" not in client.get(url).get("Content-Type", ""):
            continue  # downloads are files, not pages
        response = page.goto(live_server.url + url)
        assert response is not None
        assert response.status == 200, f"{entry.label} as {role}: {response.status}"
        checked += 1
        violations = axe_violations(page)
        if violations:
            problems.append(f"{entry.label} ({url}):\n{describe_violations(violations)}")
    assert checked, f"no page was checked for {role}"
    assert not problems, "\n\n".join(problems)


# --- Valid HTML: the W3C Nu HTML checker over the same pages -----------------------------------

VNU_JAR = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def nu_html_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Run the Nu HTML checker once (one JVM) over every page; its errors, by page label."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        # Fail rather than skip: a skipped check in CI would look like a passing one.
        pytest.fail(
            "The HTML check needs Java and vnu.jar: apt-get install -y default-jre-headless, "
            "then npm ci (make browser does both)",
            pytrace=False,
        )
    files: dict[str, str] = {}
    for number, (label, html) in enumerate(pages.items()):
        path = folder / f"page-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path.resolve())] = label
    result = subprocess.run(  # noqa: S603 (the machine's java and our pinned vnu.jar)
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *sorted(files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        # vnu names a file "file:/tmp/..." (one slash): compare paths, not URLs.
        url = str(message.get("url", ""))
        label = files.get(unquote(urlparse(url).path), url or "?")
        where = f"line {message.get('lastLine', '?')}"
        extract = " ".join(str(message.get("extract", "")).split())[:160]
        errors.setdefault(label, []).append(f"{where}: {message['message']}  [{extract}]")
    return errors


def test_every_page_any_role_can_open_is_valid_html(transactional_db, tmp_path):
    world = build_world()
    pages: dict[str, str] = {}
    for role in ROLE_ORDER:
        client = Client() if role == "anonymous" else signed_in_client(world.personas[role])
        for entry in PAGES[role]:
            url = url_for(entry, world)
            response = client.get(url)
            if "text/html" not in response.get("Content-Type", ""):
                continue  # downloads are files, not pages
            assert response.status_code == 200, f"{entry.label} as {role}: {response.status_code}"
            pages[f"{entry.label} as {role} ({url})"] = response.content.decode()
    assert len(pages) > 20, "too few pages were collected to check"
    errors = nu_html_errors(pages, tmp_path)
    assert not errors, f"{len(errors)} of {len(pages)} pages are not valid HTML:\n\n" + "\n\n".join(
        f"{label}:\n" + "\n".join(f"  - {line}" for line in lines)
        for label, lines in sorted(errors.items())
    )
