"""What the production-install test needs around Haven: an SMTP sink, a small HTTPS client that
checks the certificate and keeps cookies, a TOTP authenticator, and the environment-file rule.

All standard library: the test drives the installed Haven from outside, as a browser, a mail
server and an authenticator app would, and must not depend on what Haven's own virtualenv holds.
"""

import base64
import email
import email.policy
import hmac
import http.client
import re
import socket
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

# --- The environment file -------------------------------------------------------------------

ENV_LINE = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*)="([^"$`\\]*)"$')


def fill_env_template(template: str, values: dict[str, str]) -> str:
    """The template with each NAME="..." line of `values` replaced; every name must be there."""
    lines = template.splitlines()
    missing = set(values)
    for index, line in enumerate(lines):
        match = ENV_LINE.match(line)
        if match and match.group(1) in values:
            name = match.group(1)
            lines[index] = f'{name}="{values[name]}"'
            missing.discard(name)
    assert not missing, f"not in the template: {sorted(missing)}"
    return "\n".join(lines) + "\n"


def env_file_values(text: str) -> dict[str, str]:
    """NAME="value" lines as the rule reads them (comments and blank lines skipped)."""
    values = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = ENV_LINE.match(line)
        assert match, f"breaks the quoting rule: {line.split('=', 1)[0]}"
        values[match.group(1)] = match.group(2)
    return values


# --- An SMTP sink ----------------------------------------------------------------------------


class SmtpSink:
    """Accepts every message on 127.0.0.1 and keeps it, for the test to read the links in it."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self._arrived = threading.Condition()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self) -> None:
                self.reply("220 sink.test ESMTP")
                while line := self.rfile.readline():
                    verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
                    if verb == "EHLO":
                        self.reply("250-sink.test")
                        self.reply("250 8BITMIME")
                    elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while (data := self.rfile.readline()) not in {b".\r\n", b".\n", b""}:
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        sink._keep(b"".join(lines))
                        self.reply("250 OK: queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Not implemented")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _keep(self, raw: bytes) -> None:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)  # type: ignore[arg-type]
            self._arrived.notify_all()

    def __enter__(self) -> "SmtpSink":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, to: str, subject_contains: str, timeout: float = 30) -> str:
        """The plain-text body of the first message to `to` whose subject contains the words."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self.messages:
                    if to in str(message["To"]) and subject_contains in str(message["Subject"]):
                        body = message.get_body(preferencelist=("plain",))
                        assert body is not None
                        return body.get_content()  # type: ignore[attr-defined]
                left = deadline - time.monotonic()
                assert left > 0, f"no e-mail to {to} about {subject_contains!r} arrived"
                self._arrived.wait(left)


# --- An HTTPS client -------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str
    path: str

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(action=attributes.get("action", "")))
        elif tag in {"input", "textarea", "select"} and self.forms and "name" in attributes:
            self.forms[-1].names.add(attributes["name"])
            if attributes.get("type") in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self.forms[-1].fields[attributes["name"]] = attributes.get("value", "")


def form_with(page: str, field_name: str) -> Form:
    """The page's form that has a field called `field_name` (with its hidden CSRF token)."""
    parser = _FormParser()
    parser.feed(page)
    for form in parser.forms:
        if field_name in form.names:
            return form
    raise AssertionError(f"no form with a field {field_name!r} on the page")


class HttpsClient:
    """Talks to `host` (its name in the certificate and Host header) at 127.0.0.1:`port`,
    verifying the certificate against `cafile`, and keeps cookies as a browser would."""

    def __init__(self, host: str, port: int, cafile: str) -> None:
        self.host, self.port = host, port
        self.origin = f"https://{host}:{port}"
        self.context = ssl.create_default_context(cafile=cafile)
        self.cookies: dict[str, str] = {}
        self.secure_cookie_names: set[str] = set()

    def _connection(self) -> http.client.HTTPSConnection:
        client = self

        class Loopback(http.client.HTTPSConnection):
            def connect(self) -> None:
                raw = socket.create_connection(("127.0.0.1", client.port), timeout=30)
                self.sock = client.context.wrap_socket(raw, server_hostname=client.host)

        return Loopback(self.host, self.port, timeout=30)

    def request(self, method: str, target: str, data: dict[str, str] | None = None) -> Response:
        parts = urlsplit(target)
        if parts.scheme:
            assert f"{parts.scheme}://{parts.netloc}" == self.origin, target
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {"Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for set_cookie in answer.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(set_cookie)
            for name, morsel in jar.items():
                if morsel["secure"]:
                    self.secure_cookie_names.add(name)
                if not morsel.value or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(answer.status, answer.headers, text, path)

    def get(self, target: str) -> Response:
        return self.request("GET", target)

    def follow(self, response: Response, limit: int = 5) -> Response:
        """Follow redirects (GET), as a browser does after a form."""
        while response.status in {301, 302, 303} and limit:
            response = self.get(response.header("Location"))
            limit -= 1
        return response

    def submit(self, page: Response, field_name: str, values: dict[str, str]) -> Response:
        """Fill in the form that has `field_name` and post it (to its action, or the page)."""
        form = form_with(page.text, field_name)
        return self.request("POST", form.action or page.path, {**form.fields, **values})


# --- An authenticator app -------------------------------------------------------------------


def totp(secret: str, at: float, step: int = 30, digits: int = 6) -> str:
    """RFC 6238: the code an authenticator app shows at time `at` for a base32 secret."""
    compact = secret.replace(" ", "").upper()
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    digest = hmac.new(key, int(at // step).to_bytes(8, "big"), "sha1").digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)
