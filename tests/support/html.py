"""Small readers for rendered pages, so tests assert what a person would see."""

import re
from html.parser import HTMLParser


class _NavigationReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_list = False
        self.in_link = False
        self.labels: list[str] = []
        self.current: list[str] = []
        self._text: list[str] = []
        self._link_is_current = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "ul" and attributes.get("id") == "navigation":
            self.in_list = True
        elif tag == "a" and self.in_list:
            self.in_link = True
            self._text = []
            self._link_is_current = attributes.get("aria-current") in {"true", "page"}

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self.in_list:
            self.in_list = False
        elif tag == "a" and self.in_link:
            self.in_link = False
            label = " ".join("".join(self._text).split())
            self.labels.append(label)
            if self._link_is_current:
                self.current.append(label)

    def handle_data(self, data: str) -> None:
        if self.in_link:
            self._text.append(data)


def navigation_labels(html: str) -> list[str]:
    """The labels of the service navigation's links, in order."""
    reader = _NavigationReader()
    reader.feed(html)
    return reader.labels


def current_navigation_labels(html: str) -> list[str]:
    """The navigation links marked as the current place (aria-current)."""
    reader = _NavigationReader()
    reader.feed(html)
    return reader.current


def visible_text(html: str) -> str:
    """The page's text with tags, scripts and extra whitespace removed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
