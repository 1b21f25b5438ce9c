#!/usr/bin/env python3
"""Haven's benchmark: named pages at different numbers of cases, as ratios (bench/README.md).

    .venv/bin/python bench/run.py                     # 1,000 and 100,000 cases, both engines
    .venv/bin/python bench/run.py --scales 1000,20000 --database sqlite
    .venv/bin/python bench/run.py --quick             # a smoke run: 200 cases, a few seconds

For each database engine (SQLite, then PostgreSQL) and each scale: seed a database of its own
(SQLite under var/bench/, PostgreSQL as haven_bench_<cases>; reused while the seed, the
migrations and the demo data code are unchanged), serve it with gunicorn on 127.0.0.1, sign in as
the demo case officer and the demo coordinator through the real sign-in and second-factor forms,
then let locust (headless, loopback only, bounded by --duration) open each named page over and
over. Reports p50/p95 per page, each page's p50 as a ratio to the minimal signed-in page (the
accessibility statement, signed in: the home page is a work list now, and timed like any other
page) in the same run, and each page's p50 at the largest scale as a ratio to its p50 at the
smallest, per engine. Writes bench/results/latest.json. Stops every process it started, whatever
happens.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_VAR = ROOT / "var" / "bench"
RESULTS_DIR = ROOT / "bench" / "results"
SEED = 1

MINIMAL_PAGE = "minimal"
TARGET_RATIO_TO_MINIMAL = 3.0
TARGET_RATIO_ACROSS_SCALES = 1.5
SERVER_START_TIMEOUT_S = 90
REQUEST_TIMEOUT_S = 60


def log(message: str) -> None:
    print(message, flush=True)


# --- Seeding ----------------------------------------------------------------------------------------


def demo_code_fingerprint() -> str:
    """Changes when the code that invents demo data changes."""
    digest = hashlib.sha256()
    sources = sorted((ROOT / "haven").glob("*/demo*.py"))
    sources += [ROOT / "haven" / "core" / "management" / "commands" / "seed_demo.py"]
    for path in sources:
        if path.exists():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


ENGINES = ("sqlite", "postgresql")
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def postgres_url(args, cases: int) -> str:
    return f"{args.postgres_url.rstrip('/')}/{args.postgres_prefix}_{cases}"


def scale_env(var_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "DATABASE_URL"))}
    env.update(
        HAVEN_ENV="demo",
        HAVEN_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
        HAVEN_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def _postgres_admin(database_url: str, statement: str) -> None:
    """CREATE or DROP DATABASE, run from the server's maintenance database."""
    import psycopg

    server, _, _name = database_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def postgres_database_exists(database_url: str) -> bool:
    import psycopg

    server, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def manage(env: dict[str, str], *args: str, log_file: Path | None = None) -> None:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    if log_file is None:
        subprocess.run(command, env=env, cwd=ROOT, check=True)
        return
    with log_file.open("a") as out:
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=out, stderr=out)


def seeded_database(
    cases: int, reseed: bool, engine: str = "sqlite", database_url: str = ""
) -> tuple[Path, dict[str, str], dict]:
    """The var dir of a database seeded with `cases` cases (seed 1), seeding it first if need be.

    SQLite: a file in the var dir. PostgreSQL: the database `database_url` names (its var dir
    still holds the field keys the data was encrypted with, and the demo sign-ins).
    A database seeded earlier with the same number of cases and seed is reused: seeding 100,000
    cases takes a long while. New migrations are applied to it. If the demo data code changed
    since, it is still reused (the note says so) unless `reseed` asks for a fresh one."""
    var_dir = BENCH_VAR / (f"cases-{cases}" if engine == "sqlite" else f"{engine}-cases-{cases}")
    marker = var_dir / "bench-seeded.json"
    env = scale_env(var_dir, database_url if engine == "postgresql" else "")
    log_file = var_dir / "seed.log"
    previous = json.loads(marker.read_text()) if marker.exists() else {}
    exists = (
        (var_dir / "haven.sqlite3").exists()
        if engine == "sqlite"
        else postgres_database_exists(database_url)
    )
    if not reseed and exists and previous.get("cases") == cases and previous.get("seed") == SEED:
        log(f"  reusing the database seeded with {cases:,} cases ({var_dir})")
        manage(env, "migrate", "--no-input", log_file=log_file)
        current = previous.get("demo_code") == demo_code_fingerprint()
        if not current:
            log("  note: the demo data code changed since it was seeded (--reseed to redo it)")
        return var_dir, env, {**previous, "reused": True, "demo_code_current": current}
    var_dir.mkdir(parents=True, exist_ok=True)
    for stale in ["haven.sqlite3", "haven.sqlite3-wal", "haven.sqlite3-shm", marker.name]:
        (var_dir / stale).unlink(missing_ok=True)
    if engine == "postgresql":
        name = database_url.rpartition("/")[2]
        _postgres_admin(database_url, f'DROP DATABASE IF EXISTS "{name}"')
        _postgres_admin(database_url, f'CREATE DATABASE "{name}"')
    log(f"  seeding {cases:,} cases into {var_dir} (log: {log_file})")
    demo_code = demo_code_fingerprint()  # before: the code may change while seeding runs
    started = time.monotonic()
    manage(env, "migrate", "--no-input", log_file=log_file)
    manage(env, "seed_demo", "--cases", str(cases), "--seed", str(SEED), log_file=log_file)
    took = round(time.monotonic() - started, 1)
    seeded = {
        "engine": engine,
        "cases": cases,
        "seed": SEED,
        "seed_seconds": took,
        "seeded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "demo_code": demo_code,
    }
    marker.write_text(json.dumps(seeded))
    log(f"  seeded in {took:.0f} s")
    return var_dir, env, {**seeded, "reused": False, "demo_code_current": True}


# --- Serving ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], var_dir: Path, workers: int):
    port = free_port()
    log_path = var_dir / "gunicorn.log"
    command = [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "scripts" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        # The default control socket is one path per machine: another gunicorn (make demo,
        # say) must not be disturbed by this one.
        "--no-control-socket",
    ]
    with log_path.open("w") as out:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
            try:
                # A worker's first request loads the whole application: give it time.
                if requests.get(base + "/accessibility/", timeout=30).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within {SERVER_START_TIMEOUT_S} s")
            time.sleep(0.5)
        yield base
    finally:
        # Only the process group this script started.
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- Signing in through the real forms ---------------------------------------------------------------


class FormParser(HTMLParser):
    """Collects each <form>: its action, method and inputs (name, type, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attributes.get("action") or "",
                    "method": (attributes.get("method") or "get").lower(),
                    "inputs": [],
                }
            )
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1]["inputs"].append(
                {
                    "name": attributes["name"],
                    "type": (attributes.get("type") or "text").lower(),
                    "value": attributes.get("value") or "",
                    "autocomplete": attributes.get("autocomplete") or "",
                }
            )
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def parse(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


def totp_code(secret: str, step_offset: int = 0) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(time.time()) // 30 + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def submit(session: requests.Session, url: str, form: dict, values: dict[str, str]):
    data = {
        field["name"]: field["value"]
        for field in form["inputs"]
        if field["type"] not in ("submit", "checkbox", "radio")
    }
    data.update(values)
    target = urljoin(url, form["action"] or url)
    return session.post(target, data=data, headers={"Referer": url}, timeout=REQUEST_TIMEOUT_S)


def sign_in(base: str, email: str, password: str, totp_secret: str) -> requests.Session:
    session = requests.Session()
    home = session.get(base + "/", timeout=REQUEST_TIMEOUT_S)  # redirected to sign-in
    forms = [f for f in parse(home.text).forms if any(i["type"] == "password" for i in f["inputs"])]
    if not forms:
        raise RuntimeError(f"No sign-in form at {home.url}")
    form = forms[0]
    email_field = next(
        i["name"]
        for i in form["inputs"]
        if i["type"] == "email" or "email" in i["name"] or i["name"] == "username"
    )
    password_field = next(i["name"] for i in form["inputs"] if i["type"] == "password")
    response = submit(session, home.url, form, {email_field: email, password_field: password})
    # The second factor: the code from the authenticator. If this person's code for now was
    # already used (a run a moment ago), the next step's code is accepted within the tolerance.
    for step_offset in (0, 1):
        page = parse(response.text)
        code_forms = [
            f
            for f in page.forms
            if any(
                i["autocomplete"] == "one-time-code"
                or any(w in i["name"] for w in ("token", "code"))
                for i in f["inputs"]
                if i["type"] not in ("hidden", "submit")
            )
        ]
        if not code_forms:
            break
        form = code_forms[0]
        code_field = next(
            i["name"]
            for i in form["inputs"]
            if i["type"] not in ("hidden", "submit")
            and (
                i["autocomplete"] == "one-time-code" or "token" in i["name"] or "code" in i["name"]
            )
        )
        response = submit(
            session, response.url, form, {code_field: totp_code(totp_secret, step_offset)}
        )
    check = session.get(base + "/", allow_redirects=False, timeout=REQUEST_TIMEOUT_S)
    if check.status_code != 200:
        raise RuntimeError(
            f"Signing in as {email} did not work: / answered {check.status_code} "
            f"-> {check.headers.get('Location')}"
        )
    return session


def search_request(
    session: requests.Session, base: str, search_path: str, values: dict[str, str]
) -> dict:
    """How to submit the search page's own form with `values` (field name to what is typed):
    its method (Haven posts searches, so names stay out of addresses and logs) and its hidden
    fields (the CSRF token)."""
    page = session.get(base + search_path, timeout=REQUEST_TIMEOUT_S)
    for form in parse(page.text).forms:
        names = {i["name"] for i in form["inputs"]}
        if not set(values) <= names:
            continue
        data = {i["name"]: i["value"] for i in form["inputs"] if i["type"] == "hidden"}
        data.update(values)
        if form["method"] == "post":
            return {"method": "post", "data": data}
        return {"method": "get", "params": data}
    raise RuntimeError(f"No form with the fields {sorted(values)} on {search_path}")


# --- Measuring ---------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def check_pages_answer(
    session: requests.Session, base: str, pages: list[dict], reference: str | None
) -> None:
    """Before timing anything, make sure each page really is the page: a 200, and the search
    and the case page show the case they are about (a timing of an error page means nothing)."""
    for page in pages:
        if page.get("method") == "post":
            response = session.post(
                base + page["path"],
                data=page["data"],
                headers={"Referer": base + page["path"]},
                allow_redirects=False,
                timeout=REQUEST_TIMEOUT_S,
            )
        else:
            response = session.get(
                base + page["path"],
                params=page.get("params"),
                allow_redirects=False,
                timeout=REQUEST_TIMEOUT_S,
            )
        if response.status_code != 200:
            raise RuntimeError(f"{page['name']} answered {response.status_code}, not 200")
        if page["kind"] == "search" and (
            "govuk-error-summary" in response.text or 'id="search-results"' not in response.text
        ):
            raise RuntimeError(f"{page['name']} shows no results (or an error)")
        if (page["kind"] == "case" or page.get("shows_case")) and (
            reference is None or reference not in response.text
        ):
            raise RuntimeError(f"{page['name']} does not show case {reference}")


def measure_scale(cases: int, args, engine: str = "sqlite") -> dict:
    log(f"\n== {ENGINE_LABELS[engine]}, {cases:,} cases ==")
    var_dir, env, seeding = seeded_database(
        cases, args.reseed, engine, postgres_url(args, cases) if engine == "postgresql" else ""
    )
    if args.seed_only:
        return {"engine": engine, "cases": cases, "seeding": seeding}
    credentials = json.loads((var_dir / "demo-credentials.json").read_text())["users"]
    officer = next(u for u in credentials if u["role"] == "case_officer")
    coordinator = next(u for u in credentials if u["role"] == "coordinator")
    probe = json.loads(
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "probe.py"),
                officer["email"],
                coordinator["email"],
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )

    with gunicorn(env, var_dir, args.workers) as base:
        if urlsplit(base).hostname != "127.0.0.1":
            raise RuntimeError("The benchmark only runs against loopback.")
        personas: list[dict[str, Any]] = []
        for role, person in (("officer", officer), ("coordinator", coordinator)):
            session = sign_in(base, person["email"], person["password"], person["totp_secret"])
            pages = []
            for registered in probe["pages"]:
                if not registered[role] or not registered["path"]:
                    continue
                label = registered["label"]
                page: dict[str, Any] = {
                    "name": f"{label} ({role})",
                    "label": label,
                    "kind": registered["kind"],
                    "path": registered["path"],
                }
                if registered["kind"] == "search":
                    if not registered.get("form"):
                        continue
                    page["shows_case"] = registered.get("shows_case", False)
                    page.update(search_request(session, base, page["path"], registered["form"]))
                pages.append(page)
            check_pages_answer(session, base, pages, probe["case_reference"])
            personas.append({"role": role, "cookies": session.cookies.get_dict(), "pages": pages})

        missing = [p["label"] for p in probe["pages"] if not p["path"]]
        if missing:
            log(f"  no case to open, so not measured: {', '.join(missing)}")
        plan_path = var_dir / "bench-plan.json"
        out_path = var_dir / "bench-timings.json"
        plan_path.write_text(json.dumps({"host": base, "personas": personas}))
        out_path.unlink(missing_ok=True)
        log(
            f"  locust: {len(personas)} users against {args.workers} gunicorn workers "
            f"for {args.duration} s"
        )
        with (var_dir / "locust.log").open("w") as locust_log:
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(len(personas)),
                    "--spawn-rate",
                    str(len(personas)),
                    "--run-time",
                    f"{args.duration}s",
                    "--stop-timeout",
                    "10",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--host",
                    base,
                ],
                env={**env, "BENCH_PLAN": str(plan_path), "BENCH_OUT": str(out_path)},
                cwd=ROOT,
                check=False,
                stdout=locust_log,
                stderr=subprocess.STDOUT,
                timeout=args.duration + 120,
            )
    results = json.loads(out_path.read_text())
    measured: dict[str, dict[str, Any]] = {}
    for persona in personas:
        minimal_name = f"{MINIMAL_PAGE} ({persona['role']})"
        minimal_values = results["timings_ms"].get(minimal_name, [])
        minimal_p50 = statistics.median(minimal_values) if minimal_values else None
        for page in persona["pages"]:
            values = results["timings_ms"].get(page["name"], [])
            errors = results["errors"].get(page["name"], [])
            entry: dict[str, Any] = {
                "requests": len(values),
                "errors": len(errors),
                "error_kinds": sorted(set(errors)),
            }
            if values:
                entry["p50_ms"] = round(statistics.median(values), 2)
                entry["p95_ms"] = round(percentile(values, 0.95), 2)
                if minimal_p50:
                    entry["ratio_to_minimal"] = round(entry["p50_ms"] / minimal_p50, 2)
            measured[page["name"]] = entry
    return {
        "cases": cases,
        "seeded_cases": probe["case_count"],
        "seeding": seeding,
        "duration_s": args.duration,
        "workers": args.workers,
        "pages": measured,
        "minimal_page": {
            "label": MINIMAL_PAGE,
            "path": next(p["path"] for p in probe["pages"] if p["label"] == MINIMAL_PAGE),
        },
    }


def report(runs: list[dict], engine: str = "sqlite") -> dict:
    smallest, largest = runs[0], runs[-1]
    for run in runs:
        log(
            f"\n{ENGINE_LABELS[engine]}: {run['cases']:,} cases "
            f"({run['seeded_cases']:,} in the database), "
            f"{run['workers']} workers, {run['duration_s']} s"
        )
        log(f"{'page':<38}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'x minimal':>11}")
        for name, page in run["pages"].items():
            ratio = page.get("ratio_to_minimal")
            flag = " !" if ratio and ratio > TARGET_RATIO_TO_MINIMAL else ""
            log(
                f"{name:<38}{page['requests']:>9}{page['errors']:>7}"
                f"{page.get('p50_ms', float('nan')):>9.1f}{page.get('p95_ms', float('nan')):>9.1f}"
                f"{(ratio or float('nan')):>10.2f}x{flag}"
            )
    across, normalised = across_scales(runs)
    if across:
        log(
            f"\n{ENGINE_LABELS[engine]}: p50 at {largest['cases']:,} cases as a ratio to p50 "
            f"at {smallest['cases']:,}: "
            "as measured, and normalised (each scale's p50 divided by its minimal page's first)"
        )
        for name, ratio in across.items():
            flag = " !" if ratio > TARGET_RATIO_ACROSS_SCALES else ""
            norm = normalised.get(name, float("nan"))
            norm_flag = " !" if norm > TARGET_RATIO_ACROSS_SCALES else ""
            log(f"{name:<38}{ratio:>10.2f}x{flag:<3}{norm:>10.2f}x{norm_flag}")
    log(
        f"\nTargets: p50 within {TARGET_RATIO_TO_MINIMAL}x the minimal page; "
        f"within {TARGET_RATIO_ACROSS_SCALES}x across scales. '!' marks a miss."
    )
    return {"ratio_largest_to_smallest": across, "ratio_largest_to_smallest_normalised": normalised}


def across_scales(runs: list[dict]) -> tuple[dict[str, float], dict[str, float]]:
    """Each page's p50 at the largest scale over its p50 at the smallest: as measured, and
    normalised by the minimal page (ratio to minimal at the largest over ratio to minimal at the
    smallest), which cancels out how busy the shared machine was during each scale's run."""
    if len(runs) < 2:
        return {}, {}
    smallest, largest = runs[0], runs[-1]
    across, normalised = {}, {}
    for name, page in largest["pages"].items():
        small = smallest["pages"].get(name, {})
        if page.get("p50_ms") and small.get("p50_ms"):
            across[name] = round(page["p50_ms"] / small["p50_ms"], 2)
        if page.get("ratio_to_minimal") and small.get("ratio_to_minimal"):
            normalised[name] = round(page["ratio_to_minimal"] / small["ratio_to_minimal"], 2)
    return across, normalised


def markdown(document: dict) -> str:
    """The figures as Markdown tables, one per database engine, to paste into bench/README.md."""
    return "\n".join(
        engine_markdown(document, engine, measured)
        for engine, measured in document["engines"].items()
    )


def engine_markdown(document: dict, engine: str, measured: dict) -> str:
    runs = measured["runs"]
    document = {**document, **measured}
    lines = [
        f"**{ENGINE_LABELS[engine]}.** Run started {document['started_at']} on "
        f"{document['machine']['cpus']} CPUs (shared), Python {document['machine']['python']}, "
        f"{runs[0]['workers']} gunicorn workers, {runs[0]['duration_s']} s of load per scale.",
        "",
    ]
    names = list(runs[-1]["pages"])
    header = "| page |"
    rule = "|---|"
    for run in runs:
        header += f" p50 ms at {run['cases']:,} | p95 ms | x minimal |"
        rule += "---:|---:|---:|"
    if len(runs) > 1:
        header += (
            f" p50 {runs[-1]['cases']:,} / {runs[0]['cases']:,} |"
            f" same, normalised by the minimal page |"
        )
        rule += "---:|---:|"
    lines += [header, rule]
    for name in names:
        row = f"| {name} |"
        for run in runs:
            page = run["pages"].get(name, {})
            ratio = page.get("ratio_to_minimal")
            miss = " (miss)" if ratio and ratio > TARGET_RATIO_TO_MINIMAL else ""
            row += (
                f" {page.get('p50_ms', '-')} | {page.get('p95_ms', '-')} |"
                f" {ratio if ratio is not None else '-'}{miss} |"
            )
        if len(runs) > 1:
            for key in ("ratio_largest_to_smallest", "ratio_largest_to_smallest_normalised"):
                across = document.get(key, {}).get(name)
                miss = " (miss)" if across and across > TARGET_RATIO_ACROSS_SCALES else ""
                row += f" {across if across is not None else '-'}{miss} |"
        lines.append(row)
    errors = sum(page["errors"] for run in runs for page in run["pages"].values())
    requests_made = sum(page["requests"] for run in runs for page in run["pages"].values())
    lines += ["", f"{requests_made:,} timed requests, {errors} errors."]
    return "\n".join(lines) + "\n"


def main() -> int:
    # A plain `kill` of this script still stops the server it started (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales",
        default="1000,100000",
        help="comma-separated numbers of cases (default 1000,100000)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 200 cases, 8 seconds of load"
    )
    parser.add_argument(
        "--duration", type=int, default=60, help="seconds of load per scale (default 60)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--database",
        choices=[*ENGINES, "both"],
        default="both",
        help="which database engine to measure (default both, SQLite first)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (a role that may create databases); default "
        "$BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432",
    )
    parser.add_argument(
        "--postgres-prefix",
        default="haven_bench",
        help="PostgreSQL databases are named PREFIX_<cases> (default haven_bench)",
    )
    parser.add_argument(
        "--reseed", action="store_true", help="seed fresh databases even where one exists"
    )
    parser.add_argument(
        "--seed-only", action="store_true", help="only seed the databases; measure nothing"
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help="print the figures of bench/results/latest.json again; measure nothing",
    )
    args = parser.parse_args()
    if args.report:
        document = json.loads((RESULTS_DIR / "latest.json").read_text())
        for engine, measured in document["engines"].items():
            measured.update(report(measured["runs"], engine))
        (RESULTS_DIR / "latest.json").write_text(json.dumps(document, indent=2) + "\n")
        (RESULTS_DIR / "latest.md").write_text(markdown(document))
        return 0
    scales = [200] if args.quick else [int(s.replace("_", "")) for s in args.scales.split(",")]
    if args.quick:
        args.duration = min(args.duration, 8)
    scales.sort()
    engines = list(ENGINES) if args.database == "both" else [args.database]
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    measured = {
        engine: {"runs": [measure_scale(cases, args, engine) for cases in scales]}
        for engine in engines
    }
    if args.seed_only:
        return 0
    for engine, results in measured.items():
        results.update(report(results["runs"], engine))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    document = {
        "started_at": started,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "targets": {
            "ratio_to_minimal": TARGET_RATIO_TO_MINIMAL,
            "ratio_across_scales": TARGET_RATIO_ACROSS_SCALES,
        },
        "engines": measured,
    }
    # A smoke run must not replace the figures of a real one.
    name = "quick" if args.quick else "latest"
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(document, indent=2) + "\n")
    (RESULTS_DIR / f"{name}.md").write_text(markdown(document))
    log(f"\nWritten to {RESULTS_DIR / name}.json and {name}.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
