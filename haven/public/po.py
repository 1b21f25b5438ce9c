"""A small reader and writer of gettext .po files: enough for the public pages' catalogue
(msgid, msgid_plural, msgstr and msgstr[n]; comments skipped), with no extra dependency."""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    msgid: str
    msgid_plural: str = ""
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)

    @property
    def translated(self) -> bool:
        if self.msgid_plural:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text else ""


def parse_po(source: str) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for raw in source.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if current is None:
                continue
            if key == "msgid":
                current.msgid += value
            elif key == "msgid_plural":
                current.msgid_plural += value
            elif key == "msgstr":
                current.msgstr += value
            elif key.startswith("msgstr["):
                index = int(key[7:-1])
                current.msgstr_plural[index] = current.msgstr_plural.get(index, "") + value
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword == "msgid":
            current = Entry(msgid="")
            entries.append(current)
        key = keyword
        if current is None:
            continue
        value = _unquote(rest)
        if keyword == "msgid":
            current.msgid = value
        elif keyword == "msgid_plural":
            current.msgid_plural = value
        elif keyword == "msgstr":
            current.msgstr = value
        elif keyword.startswith("msgstr["):
            current.msgstr_plural[int(keyword[7:-1])] = value
    return [entry for entry in entries if entry.msgid]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def po_entry(message: str | tuple[str, str], translation: str | tuple[str, ...] = "") -> str:
    if isinstance(message, tuple):
        singular, plural = message
        forms = translation if isinstance(translation, tuple) else ("",) * 6
        lines = [f"msgid {_quote(singular)}", f"msgid_plural {_quote(plural)}"]
        lines += [f"msgstr[{n}] {_quote(text)}" for n, text in enumerate(forms)]
        return "\n".join(lines) + "\n"
    return f"msgid {_quote(message)}\nmsgstr {_quote(str(translation))}\n"
