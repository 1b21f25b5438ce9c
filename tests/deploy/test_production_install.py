"""The production install of docs/deployment.md, performed from a clean checkout.

Run with `RUN_INSTALL_TEST=1 .venv/bin/pytest -m production_install` (CI's "production install"
stage does). Skipped otherwise: it takes a few minutes, needs nginx, openssl and the PostgreSQL
server on 127.0.0.1:5432 as a superuser (HAVEN_INSTALL_TEST_POSTGRES, by default
postgres://postgres@127.0.0.1:5432/postgres), and installs packages with uv and npm.

It follows the numbered steps of docs/deployment.md (its section "The install, as tested" lists
them) with these differences only: it runs as the current user instead of `haven` and `postgres`
(HAVEN_USER tells scripts/manage so), everything lives in a temporary directory instead of
/srv/haven and /etc/haven, the roles and databases get a random suffix (the server is shared),
the server uses trust authentication (the roles still get passwords, as the docs say), nginx runs
with its own configuration and prefix on high loopback ports with a self-signed certificate for
haven.test, gunicorn and the tasks worker run from the systemd units' ExecStart lines instead of
under systemd, and e-mail goes to an SMTP sink in this process.

It tests the committed HEAD of this checkout (a `git clone`), not uncommitted changes.
"""

import getpass
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.helpers import HttpsClient, Response, SmtpSink, fill_env_template, totp

pytestmark = [
    pytest.mark.production_install,
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("RUN_INSTALL_TEST") != "1",
        reason="the production install test runs only with RUN_INSTALL_TEST=1 (CI stage)",
    ),
]

REPO = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get(
    "HAVEN_INSTALL_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
HOST = "haven.test"
ADMIN_EMAIL = "sam.administrator@haven.test"
ADMIN_NAME = "Sam Administrator"
ADMIN_PASSWORD = "correct horse battery staple " + secrets.token_hex(4)
# What a machine's PATH holds for the commands the docs run (make, node, npm, git, pg_dump).
PATH = os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: int | None = subprocess.DEVNULL,
    ok: bool = True,
    timeout: int = 300,
) -> subprocess.CompletedProcess:
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 (fixed commands of the install)
        [str(arg) for arg in args],
        cwd=cwd,
        env=env if env is not None else {"PATH": PATH, "HOME": os.environ.get("HOME", "/")},
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    print(f"[{time.monotonic() - started:5.1f}s] {' '.join(map(str, args))[:160]}")
    if ok and result.returncode != 0:
        pytest.fail(
            f"{args} exited {result.returncode}\n--- stdout\n{result.stdout[-4000:]}"
            f"\n--- stderr\n{result.stderr[-4000:]}"
        )
    return result


def psql(sql: str, database_url: str = POSTGRES) -> str:
    return run("psql", database_url, "-v", "ON_ERROR_STOP=1", "-tAc", sql).stdout.strip()


def in_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def exec_start(unit: Path, app: Path, replacements: dict[str, str]) -> list[str]:
    """The unit's ExecStart command, for this checkout instead of /srv/haven/app."""
    (line,) = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=")]
    command = line.removeprefix("ExecStart=").replace("/srv/haven/app", str(app))
    for old, new in replacements.items():
        assert old in command, f"{unit.name}: {old!r} not in {command!r}"
        command = command.replace(old, new)
    return command.split()


def render_nginx(
    template: str, *, http_port: int, https_port: int, upstream: int, nginx: Path
) -> str:
    """scripts/nginx/haven.conf with the docs' host-name substitution, then loopback ports, the
    self-signed certificate and log files of this test."""
    text = template.replace("haven.example-homes.org.uk", HOST)
    for old, new in {
        "    listen 80;\n": f"    listen 127.0.0.1:{http_port};\n",
        "    listen [::]:80;\n": "",
        "    listen 443 ssl http2;\n": f"    listen 127.0.0.1:{https_port} ssl http2;\n",
        "    listen [::]:443 ssl http2;\n": "",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(nginx / "cert.pem"),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(nginx / "key.pem"),
        "/var/log/nginx/": f"{nginx}/logs/",
        "proxy_pass http://127.0.0.1:8001;": f"proxy_pass http://127.0.0.1:{upstream};",
    }.items():
        assert old in text, f"scripts/nginx/haven.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


class Installation:
    """The machine being installed: paths, names and the background processes."""

    def __init__(self, root: Path) -> None:
        suffix = secrets.token_hex(3)
        self.root = root
        self.app = root / "srv" / "app"
        self.var = root / "srv" / "var"
        self.backups = root / "srv" / "backups"
        self.etc = root / "etc"
        self.nginx = root / "nginx"
        self.owner, self.app_role = f"haven_owner_{suffix}", f"haven_app_{suffix}"
        self.database = f"haven_install_{suffix}"
        self.restored = f"{self.database}_restored"
        self.owner_password = self.app_password = ""  # made by step 2's commands
        self.gunicorn_port, self.http_port, self.https_port = free_port(), free_port(), free_port()
        self.site_url = f"https://{HOST}:{self.https_port}"
        self.processes: dict[str, subprocess.Popen] = {}

    def url(self, role: str, password: str, database: str) -> str:
        return f"postgres://{role}:{password}@127.0.0.1:5432/{database}"

    def manage(self, *args: str, owner: bool = False, database: str = "", ok: bool = True):
        options = (["--owner"] if owner else []) + (["--database", database] if database else [])
        return run(
            self.app / "scripts" / "manage",
            *options,
            *args,
            env={
                "PATH": PATH,
                "HAVEN_ENV_FILE": str(self.etc / "haven.env"),
                "HAVEN_OWNER_ENV_FILE": str(self.etc / "owner.env"),
                "HAVEN_USER": getpass.getuser(),
            },
            ok=ok,
        )

    def start(self, name: str, command: list[str]) -> None:
        """A service, started as systemd would: the environment file and nothing else."""
        log = open(self.root / f"{name}.log", "w")  # noqa: SIM115 (kept open for the process)
        self.processes[name] = subprocess.Popen(  # noqa: S603 (the units' own commands)
            [
                shutil.which("bash") or "/bin/bash",
                "-c",
                'set -a; . "$0"; set +a; exec "$@"',
                self.etc / "haven.env",
                *command,
            ],
            cwd=self.app,
            env={"PATH": PATH},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def logs(self) -> str:
        logs = [*sorted(self.root.glob("*.log")), *sorted((self.nginx / "logs").glob("*.log"))]
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)

    def wait_for_port(self, port: int, name: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                pytest.fail(f"{name} stopped (exit {process.returncode})\n{self.logs()}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.3)
        pytest.fail(f"{name} did not listen on {port}\n{self.logs()}")

    def drop_everything(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        for database in (self.database, self.restored, f"{self.database}_old"):
            run(
                "psql",
                POSTGRES,
                "-tAc",
                f"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
                ok=False,
            )
        for role in (self.owner, self.app_role):
            run("psql", POSTGRES, "-tAc", f"DROP ROLE IF EXISTS {role}", ok=False)


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[Installation]:
    for tool in ("git", "make", "node", "npm", "nginx", "openssl", "psql", "pg_dump", "pg_restore"):
        if shutil.which(tool, path=PATH + ":/usr/sbin") is None:
            pytest.fail(
                f"the install test needs {tool} (CI installs nginx and openssl from Debian)"
            )
    installation = Installation(tmp_path)
    try:
        yield installation
    finally:
        installation.drop_everything()


def interpreter_313() -> str:
    """The Python 3.13 running these tests, by its real path (what PYTHON= names in the docs)."""
    return os.path.realpath(getattr(sys, "_base_executable", sys.executable))


def sign_in_with_password(client: HttpsClient) -> Response:
    page = client.get("/account/sign-in/")
    assert page.status == 200
    answer = client.submit(page, "email", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert answer.status == 302, answer.text[:2000]
    return client.follow(answer)


def documented_secrets(app: Path) -> dict[str, str]:
    """Run the key and password commands of docs/deployment.md, step 2, as they are written."""
    guide = (app / "docs" / "deployment.md").read_text()
    step_2 = guide.split("\n## 2. ", 1)[1].split("\n## 3. ", 1)[0]
    commands = re.findall(r"^python3 -c '(.+)'$", step_2, flags=re.MULTILINE)
    assert len(commands) == 5, "step 2 of docs/deployment.md no longer has its five commands"
    made = {}
    for command in commands:
        printed = run("python3", "-c", command).stdout.strip()
        name, value = re.split(r"=|: +", printed, maxsplit=1)
        made[name] = value
    return made


def test_the_documented_production_install_works(machine: Installation) -> None:
    started = time.monotonic()
    with SmtpSink() as sink:
        try:
            _follow_the_steps(machine, sink)
        except BaseException:
            # What the services said, for whoever reads the failure.
            print(machine.logs())
            raise
        finally:
            print(f"The install test took {time.monotonic() - started:.0f}s")


def _follow_the_steps(m: Installation, sink: SmtpSink) -> None:
    # --- Step 1: the machine's directories, and a clean checkout -----------------------------
    for directory in (m.etc, m.var / "uploads", m.backups, m.nginx / "logs"):
        directory.mkdir(parents=True, mode=0o700)
    head = run("git", "-C", REPO, "rev-parse", "HEAD").stdout.strip()
    run("git", "clone", "--quiet", "--no-checkout", REPO, m.app)
    run("git", "-C", m.app, "checkout", "--quiet", head)

    # --- Step 2: the environment files, from the templates, before anything runs -------------
    made = documented_secrets(m.app)
    (m.etc / "haven.env").write_text(
        fill_env_template(
            (m.app / "scripts" / "haven.env.example").read_text(),
            {
                "SECRET_KEY": made["SECRET_KEY"],
                "HAVEN_FIELD_KEYS": made["HAVEN_FIELD_KEYS"],
                "HAVEN_BLIND_INDEX_KEY": made["HAVEN_BLIND_INDEX_KEY"],
                "HAVEN_SITE_URL": m.site_url,
                "ALLOWED_HOSTS": HOST,
                "DATABASE_URL": m.url(m.app_role, made["haven_app password"], m.database),
                "HAVEN_VAR_DIR": str(m.var),
                "HAVEN_UPLOAD_DIR": str(m.var / "uploads"),
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(sink.port),
                "EMAIL_USE_TLS": "no",
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
                "DEFAULT_FROM_EMAIL": f"Haven <haven@{HOST}>",
                # A value with spaces: the quoting rule keeps it whole for every reader.
                "HAVEN_LANDLORD_NAME": "Riverside Test Homes",
            },
        )
    )
    (m.etc / "owner.env").write_text(
        fill_env_template(
            (m.app / "scripts" / "owner.env.example").read_text(),
            {"DATABASE_URL": m.url(m.owner, made["haven_owner password"], m.database)},
        )
    )
    for env_file in ("haven.env", "owner.env"):
        (m.etc / env_file).chmod(0o600)
    m.owner_password, m.app_password = made["haven_owner password"], made["haven_app password"]

    # --- Step 3: make install, with an explicit Python 3.13 ----------------------------------
    refused = run("make", "install", "PYTHON=/usr/bin/python3", cwd=m.app, ok=False)
    if not os.path.realpath("/usr/bin/python3").endswith("3.13"):
        assert refused.returncode != 0
        assert "make install needs Python 3.13" in refused.stdout
        assert not (m.app / ".venv").exists()

    python = interpreter_313()
    run("make", "install", f"PYTHON={python}", cwd=m.app, timeout=600)
    assert not (m.app / ".haven-development").exists()
    venv_python = m.app / ".venv" / "bin" / "python"
    assert os.path.realpath(venv_python) == python
    for development_only in ("pytest", "playwright", "mypy", "ruff", "locust", "hypothesis"):
        found = run(venv_python, "-c", f"import {development_only}", ok=False)
        assert found.returncode != 0, f"{development_only} is in the production virtualenv"
    assert (m.app / "static_build" / "haven.css").is_file()
    # Without HAVEN_ENV (the environment file not loaded), this checkout refuses to start.
    bare = run(venv_python, "manage.py", "check", cwd=m.app, env={"PATH": PATH}, ok=False)
    assert bare.returncode == 1
    assert "HAVEN_ENV is not set" in bare.stderr
    assert not (m.app / "var" / "local-keys.json").exists()

    # --- Step 4: collectstatic, now that the environment file exists -------------------------
    m.manage("collectstatic", "--noinput", "--verbosity", "0")
    assert list((m.app / "var" / "staticfiles").glob("haven.*.css")), "no fingerprinted CSS"

    # --- Step 5: PostgreSQL roles with passwords; migrate as the owner; the walls ------------
    psql(f"CREATE ROLE {m.owner} LOGIN PASSWORD '{m.owner_password}'")
    psql(f"CREATE ROLE {m.app_role} LOGIN PASSWORD '{m.app_password}'")
    psql(f"CREATE DATABASE {m.database} OWNER {m.owner}")
    for role in (m.owner, m.app_role):
        stored = psql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{role}'")
        assert stored.startswith("SCRAM-SHA-256$"), f"{role}'s password is not scram-sha-256"
    m.manage("migrate", "--noinput", owner=True)
    walls = m.manage("apply_database_walls", "--app-role", m.app_role, owner=True)
    assert "Database walls are up" in walls.stdout
    m.manage("check", "--deploy", "--database", "default", "--fail-level", "WARNING")

    # --- Step 6: the first administrator, without a terminal --------------------------------
    created = m.manage(
        "create_administrator", "--email", ADMIN_EMAIL, "--name", ADMIN_NAME, "--send-link"
    )
    assert "e-mailed a link" in created.stdout
    invitation = sink.wait_for(ADMIN_EMAIL, "account")
    (link,) = re.findall(r"https://\S+", invitation)
    assert link.startswith(m.site_url + "/account/password-reset/")
    assert "Riverside Test Homes" in invitation

    # --- Step 7: gunicorn and the tasks worker, as the systemd units start them --------------
    # Nothing at run time may write into the checkout: the units make it read-only.
    written_after = time.time()
    time.sleep(1)
    m.start(
        "gunicorn",
        exec_start(
            m.app / "scripts" / "systemd" / "haven-web.service",
            m.app,
            {"127.0.0.1:8001": f"127.0.0.1:{m.gunicorn_port}", "--workers 3": "--workers 2"},
        ),
    )
    m.start("tasks", exec_start(m.app / "scripts" / "systemd" / "haven-tasks.service", m.app, {}))

    # --- Step 8: nginx with TLS (a self-signed certificate for haven.test) -------------------
    run(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
        "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
        "-keyout", m.nginx / "key.pem", "-out", m.nginx / "cert.pem",
    )  # fmt: skip
    (m.nginx / "haven.conf").write_text(
        render_nginx(
            (m.app / "scripts" / "nginx" / "haven.conf").read_text(),
            http_port=m.http_port,
            https_port=m.https_port,
            upstream=m.gunicorn_port,
            nginx=m.nginx,
        )
    )
    temp = m.nginx / "temp"
    temp.mkdir()
    (m.nginx / "nginx.conf").write_text(
        f"pid {m.nginx}/nginx.pid;\n"
        f"error_log {m.nginx}/logs/error.log;\n"
        "worker_processes 1;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        # Nothing buffered to disk: a worker run as nobody could not write under this test's
        # private temporary directory.
        "    proxy_max_temp_file_size 0;\n"
        + "".join(
            f"    {kind}_temp_path {temp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"    include {m.nginx}/haven.conf;\n"
        "}\n"
    )
    nginx_command = [
        "nginx",
        "-p",
        str(m.nginx),
        "-c",
        str(m.nginx / "nginx.conf"),
        "-e",
        str(m.nginx / "logs" / "error.log"),
    ]
    run(*nginx_command, "-t", env={"PATH": PATH + ":/usr/sbin"})
    m.processes["nginx"] = subprocess.Popen(  # noqa: S603 (nginx with this test's config)
        [
            shutil.which("nginx", path=PATH + ":/usr/sbin") or "nginx",
            *nginx_command[1:],
            "-g",
            "daemon off;",
        ],
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    m.wait_for_port(m.gunicorn_port, "gunicorn")
    m.wait_for_port(m.https_port, "nginx")

    plain = http.client.HTTPConnection("127.0.0.1", m.http_port, timeout=30)
    plain.request("GET", "/account/sign-in/", headers={"Host": HOST})
    redirect = plain.getresponse()
    assert (redirect.status, redirect.getheader("Location")) == (
        301,
        f"https://{HOST}/account/sign-in/",
    ), "plain HTTP is not sent to HTTPS"
    plain.close()

    # --- Step 9: over HTTPS, the password from the link, TOTP enrolment, and signing in ------
    client = HttpsClient(HOST, m.https_port, str(m.nginx / "cert.pem"))
    form_page = client.follow(client.get(link))
    assert form_page.status == 200, form_page.text[:2000]
    chosen = client.submit(
        form_page,
        "new_password1",
        {"new_password1": ADMIN_PASSWORD, "new_password2": ADMIN_PASSWORD},
    )
    assert chosen.status == 302, chosen.text[:2000]
    assert client.follow(chosen).status == 200

    set_up = sign_in_with_password(client)
    assert set_up.path == "/account/two-factor/set-up/", set_up.path
    (secret,) = re.findall(r'id="totp-secret">([A-Z2-7 ]+)<', set_up.text)
    enrolled_at = time.time()
    enrolled = client.submit(set_up, "code", {"code": totp(secret, enrolled_at)})
    assert enrolled.status == 302, enrolled.text[:3000]
    codes_page = client.follow(enrolled)
    assert "recovery" in codes_page.text.lower()
    home = client.follow(client.submit(codes_page, "saved", {"saved": "on"}))
    assert home.status == 200
    assert client.secure_cookie_names >= {"__Host-haven-session", "__Host-haven-csrf"}

    signed_out = client.submit(client.get("/account/sign-out/"), "csrfmiddlewaretoken", {})
    assert signed_out.status == 302
    two_factor = sign_in_with_password(client)
    assert two_factor.path == "/account/two-factor/"
    # The enrolment used this 30-second step's code, and a code works once: the next step's code
    # is within the accepted window.
    signed_in = client.submit(two_factor, "code", {"code": totp(secret, enrolled_at + 30)})
    assert signed_in.status == 302, signed_in.text[:3000]
    home = client.follow(signed_in)
    assert home.status == 200
    assert ADMIN_EMAIL in client.get("/account/").text
    assert "max-age=31536000" in home.header("Strict-Transport-Security")
    assert "nonce-" in home.header("Content-Security-Policy")
    (stylesheet,) = re.findall(r'href="(/static/haven\.[0-9a-f]{12}\.css)"', home.text)
    css = client.get(stylesheet)
    assert css.status == 200
    assert "max-age=315360000" in css.header("Cache-Control")

    # --- Step 10: a backup, readable only by its owner ----------------------------------------
    backup = m.backups / "haven-test.dump"
    m.manage("backup", "--output", str(backup))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    # --- Step 11: restore into a new database, walls re-applied and checked, then the swap ---
    psql(f"CREATE DATABASE {m.restored} OWNER {m.owner}")
    with backup.open("rb") as dump:
        run(
            "pg_restore",
            f"--dbname={in_database(POSTGRES, m.restored)}",
            "--exit-on-error",
            stdin=dump.fileno(),
        )
    walls_down = m.manage(
        "check", "--deploy", "--database", "default", database=m.restored, ok=False
    )
    assert walls_down.returncode != 0 and "haven.E111" in walls_down.stderr, (
        "a fresh restore should have PUBLIC's CONNECT back: the check must see it"
    )
    m.manage("apply_database_walls", "--app-role", m.app_role, owner=True, database=m.restored)
    m.manage(
        "check", "--deploy", "--database", "default", "--fail-level", "WARNING", database=m.restored
    )
    chain = m.manage("verify_audit_chain", database=m.restored)
    assert "Access log intact" in chain.stdout

    m.stop("gunicorn")
    m.stop("tasks")
    psql(f"ALTER DATABASE {m.database} RENAME TO {m.database}_old")
    psql(f"ALTER DATABASE {m.restored} RENAME TO {m.database}")
    m.manage("check", "--deploy", "--database", "default", "--fail-level", "WARNING")
    m.start("gunicorn", exec_start(
        m.app / "scripts" / "systemd" / "haven-web.service", m.app,
        {"127.0.0.1:8001": f"127.0.0.1:{m.gunicorn_port}", "--workers 3": "--workers 2"},
    ))  # fmt: skip
    m.wait_for_port(m.gunicorn_port, "gunicorn")
    restored_client = HttpsClient(HOST, m.https_port, str(m.nginx / "cert.pem"))
    again = sign_in_with_password(restored_client)
    assert again.path == "/account/two-factor/", "the restored database does not know the account"

    # Nothing written into the checkout once it was installed and collected.
    written = [
        str(path.relative_to(m.app))
        for path in m.app.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and ".git" not in path.parts
        and path.stat().st_mtime > written_after
    ]
    assert written == [], f"Haven wrote into the checkout at run time: {written[:10]}"
