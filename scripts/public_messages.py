"""Keep the public pages' Welsh catalogue in step with the English.

    .venv/bin/python scripts/public_messages.py          # list msgids missing from cy/django.po
    .venv/bin/python scripts/public_messages.py --compile   # and rebuild django.mo with msgfmt

Django's makemessages reads Django templates, not Jinja2 ones, so the public templates' strings
are found with Jinja2's own extractor, and the Python ones (forms, rules) with xgettext. New
msgids are appended to the .po with an empty translation for a translator to fill in; a test
(tests/public/test_welsh.py) fails while any is empty or the .mo is stale.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOCALE = ROOT / "haven" / "public" / "locale" / "cy" / "LC_MESSAGES"
TEMPLATES = [
    *sorted((ROOT / "haven" / "public" / "jinja2").rglob("*.html")),
]
PYTHON = [
    ROOT / "haven" / "public" / "forms.py",
    ROOT / "haven" / "public" / "rules.py",
    ROOT / "haven" / "directory" / "rules.py",
    ROOT / "haven" / "directory" / "forms.py",
]


def template_messages() -> list[str | tuple[str, str]]:
    import jinja2

    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
    found: list[str | tuple[str, str]] = []
    for path in TEMPLATES:
        for _line, _function, message in env.extract_translations(path.read_text(encoding="utf-8")):
            if isinstance(message, tuple):
                found.append((message[0], message[1]))
            elif message:
                found.append(message)
    return found


def python_messages() -> list[str]:
    # The gettext tools, from Debian's gettext package; the arguments are this script's own.
    out = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "xgettext",
            "--language=Python",
            "--keyword=_",
            "--from-code=UTF-8",
            "--omit-header",
            "-o",
            "-",
            *map(str, PYTHON),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    from haven.public.po import parse_po

    return [entry.msgid for entry in parse_po(out)]


def main() -> int:
    from haven.public.po import parse_po, po_entry

    po_path = LOCALE / "django.po"
    catalogue = po_path.read_text(encoding="utf-8")
    known = {entry.msgid for entry in parse_po(catalogue)}
    wanted: list[str | tuple[str, str]] = [*template_messages(), *python_messages()]
    missing = []
    for message in wanted:
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid not in known and msgid not in {
            m[0] if isinstance(m, tuple) else m for m in missing
        }:
            missing.append(message)
    if missing:
        po_path.write_text(
            catalogue.rstrip("\n") + "\n\n" + "\n".join(po_entry(m) for m in missing),
            encoding="utf-8",
        )
        print(f"Added {len(missing)} msgids with empty translations to {po_path.relative_to(ROOT)}")
    if "--compile" in sys.argv:
        compile_command = ["msgfmt", "--check", "-o", str(LOCALE / "django.mo"), str(po_path)]
        subprocess.run(compile_command, check=True)  # noqa: S603
        print("Compiled django.mo")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
