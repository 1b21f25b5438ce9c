"""Locust load for bench/run.py: signed-in staff opening named pages, loopback only.

bench/run.py signs in through the real forms, then starts this file in headless mode with:
- BENCH_PLAN: a JSON file with the host, each persona's session cookies and the pages to open;
- BENCH_OUT:  where to write every request's timing (milliseconds) when the run stops.
Each simulated user plays one persona and opens that persona's pages in turn, over and over,
with no think time, until locust's --run-time ends the run. Redirects are not followed: a page
that answers with anything but 200 (a redirect to sign-in, say) counts as an error.
"""

import itertools
import json
import os
from collections import defaultdict
from typing import Any

from locust import HttpUser, events, task
from locust.exception import StopUser

with open(os.environ["BENCH_PLAN"], encoding="utf-8") as plan_file:
    PLAN: dict[str, Any] = json.load(plan_file)
ALLOWED_HOST_PREFIX = ("http://127.0.0.1:", "http://localhost:")
if not PLAN["host"].startswith(ALLOWED_HOST_PREFIX):
    raise SystemExit("The benchmark only ever runs against this machine (loopback).")

TIMINGS: dict[str, list[float]] = defaultdict(list)
ERRORS: dict[str, list[str]] = defaultdict(list)
_personas = itertools.cycle(PLAN["personas"])


@events.request.add_listener
def _record(name, response_time, response, exception, context, **_kwargs):
    if context.get("warm_up"):
        return
    if exception is not None:
        ERRORS[name].append(type(exception).__name__)
    elif response is not None and response.status_code != 200:
        ERRORS[name].append(f"HTTP {response.status_code}")
    else:
        TIMINGS[name].append(float(response_time))


@events.test_stop.add_listener
def _write_results(**_kwargs):
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as handle:
        json.dump({"timings_ms": TIMINGS, "errors": ERRORS}, handle)


class SignedInStaff(HttpUser):
    host = PLAN["host"]

    def on_start(self) -> None:
        self.persona = next(_personas)
        # Sent as a header rather than through the cookie jar: the jar's domain matching for a
        # bare IP address is not worth depending on here.
        self.client.headers["Cookie"] = "; ".join(
            f"{name}={value}" for name, value in self.persona["cookies"].items()
        )
        self.warmed_up = False

    def open(self, page: dict[str, Any], *, warm_up: bool) -> None:
        if page.get("method") == "post":
            response = self.client.post(
                page["path"],
                data=page["data"],
                headers={"Referer": self.host + page["path"]},
                name=page["name"],
                allow_redirects=False,
                context={"warm_up": warm_up},
            )
        else:
            response = self.client.get(
                page["path"],
                params=page.get("params") or None,
                name=page["name"],
                allow_redirects=False,
                context={"warm_up": warm_up},
            )
        if response.status_code in (301, 302) and "sign-in" in response.headers.get("Location", ""):
            raise StopUser()  # signed out: every further timing would be of the sign-in page

    @task
    def open_every_page(self) -> None:
        # The first round fills each worker's caches and connections and is not measured.
        for page in self.persona["pages"]:
            self.open(page, warm_up=not self.warmed_up)
        self.warmed_up = True
