"""Take the README's screenshot of a running demo: `make demo` in one terminal, then

    HAVEN_ENV=demo .venv/bin/python scripts/screenshot.py [--email E] [--path /cases/triage/] [--out docs/screenshot.png]

Signs in through the real forms (password, then the code from the demo authenticator) on
Debian's chromium, opens the page and saves a PNG. Demo mode only, like the credentials it reads.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def current_code(email: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "demo_totp", email],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HAVEN_ENV": "demo", "DATABASE_URL": ""},
    )
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--email", default="helen.carter@demo.example")
    parser.add_argument("--path", default="/cases/triage/")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args()

    var_dir = Path(os.environ.get("HAVEN_VAR_DIR", ROOT / "var"))
    users = json.loads((var_dir / "demo-credentials.json").read_text())["users"]
    person = next(user for user in users if user["email"] == args.email)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.base + "/account/sign-in/")
        page.fill("#id_email", person["email"])
        page.fill("#id_password", person["password"])
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.fill("#id_code", current_code(person["email"]))
        with page.expect_navigation():
            page.locator("main button[type=submit]").first.click()
        page.goto(args.base + args.path)
        page.screenshot(path=args.out, full_page=False)
        browser.close()
    print(f"Saved {args.out}")


if __name__ == "__main__":
    main()
