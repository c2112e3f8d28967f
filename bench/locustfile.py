"""The day's mix of pages and API reads, for locust (``make bench-web`` runs it).

    BENCH_WEB_PLAN=var/bench/web-plan.json .venv/bin/locust -f bench/locustfile.py \\
        --headless -u 50 -r 10 -t 2m -H http://127.0.0.1:8080

``bench/bench_web.py`` writes the plan (JSON): the logins (ministry
administrators with their authenticator keys: production asks them for a
code), an API token, the range of participant ids, job orders with and
without shortlists, the surnames to search for and a small participant file
to import. Each simulated user signs in once through the login pages, then
works through the mix with a pause between pages, as staff do.

Every request is named by its page kind (``list``, ``search``, ``detail``,
``joborders``, ``shortlists``, ``import``, ``dashboard``, ``api``, and
``admin_baseline`` for Django admin's participant list): bench_web.py reports
percentiles per kind. A page that answers anything but 200 (after the
redirects a form post makes) is an error.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from typing import Any

from django_otp.oath import TOTP
from locust import HttpUser, between, events, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PLAN: dict[str, Any] = (
    json.loads(Path(os.environ["BENCH_WEB_PLAN"]).read_text()) if "BENCH_WEB_PLAN" in os.environ else {}
)
JOB_PAGE = re.compile(r"/spreadsheets/\d+/$")
CANCEL_ATTEMPTS = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_next_login = iter(range(1_000_000))
_login_lock = threading.Lock()
_samples: list[dict[str, Any]] = []
_spawned: list[float] = []
_signed_in: list[float] = []


def record(name: str, response_time: float, exception: BaseException | None, response: Any = None, **_: Any) -> None:
    """Every request's time, for bench_web.py's own percentiles. A page that
    ends on the sign-in form lost its session: that is an error too."""
    lost = name != "login" and response is not None and "/accounts/login/" in str(getattr(response, "url", ""))
    _samples.append({"name": name, "ms": response_time, "ok": exception is None and not lost, "at": time.time()})


def spawned(**_: Any) -> None:
    """Every user is in: bench_web.py measures from here (the sign-ins of the
    ramp, each a deliberately slow password hash, are not a day's traffic)."""
    _spawned.append(time.time())


def signed_in() -> None:
    """This user has signed in and read its home page: bench_web.py measures
    from the moment the last one has (under load the last sign-ins end well
    after the last user was spawned, and each is a home page at national scale)."""
    _signed_in.append(time.time())


def dump(**_: Any) -> None:
    if "BENCH_WEB_TIMES" in os.environ:
        result = {"samples": _samples, "spawned_at": _spawned[0] if _spawned else None, "signed_in": _signed_in}
        Path(os.environ["BENCH_WEB_TIMES"]).write_text(json.dumps(result))


events.request.add_listener(record)  # type: ignore[no-untyped-call]
events.spawning_complete.add_listener(spawned)  # type: ignore[no-untyped-call]
events.quitting.add_listener(dump)  # type: ignore[no-untyped-call]


class LoopbackTLSPolicy(http.cookiejar.DefaultCookiePolicy):
    """Production marks the session and CSRF cookies Secure: TLS ends at the
    balancer. Here the balancer speaks plain HTTP on loopback, so the client
    sends them over HTTP as a browser would over the TLS it stands in for."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return True


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def totp_code(key_hex: str) -> str:
    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


class StaffUser(HttpUser):
    """A ministry administrator at work: lists, searches, records, job orders
    and shortlists, dashboards, now and then an import, and a script reading
    the API."""

    # Staff read what a page shows before the next: a few seconds each.
    wait_time = between(2.0, 8.0)

    def on_start(self) -> None:
        # Each simulated user has its own login: an authenticator code is
        # accepted once, so fifty users cannot share one device.
        with _login_lock:
            number = next(_next_login)
        logins = PLAN["logins"]
        self.login = logins[number % len(logins)]
        self.rng = random.Random(number)
        self.sign_in()
        signed_in()
        if PLAN.get("tour"):
            # The short version in the tests: every page kind once, then the mix.
            for visit in self.tour():
                visit()

    def tour(self) -> list[Any]:
        return [
            self.participant_list,
            self.participant_search,
            self.participant_detail,
            self.job_orders,
            self.shortlists,
            self.dashboard,
            self.api_reads,
            self.admin_baseline,
        ]

    def sign_in(self) -> None:
        self.client.cookies.set_policy(LoopbackTLSPolicy())
        page = self.client.get("/accounts/login/", name="login")
        answer = self.client.post(
            "/accounts/login/",
            data={
                "username": self.login["username"],
                "password": self.login["password"],
                "csrfmiddlewaretoken": csrf_token(page.text),
            },
            name="login",
        )
        if "key" in self.login and "/accounts/login/code/" in answer.url:
            self.client.post(
                "/accounts/login/code/",
                data={"code": totp_code(self.login["key"]), "csrfmiddlewaretoken": csrf_token(answer.text)},
                name="login",
            )

    # --- participants ------------------------------------------------------------

    @task(6)
    def participant_list(self) -> None:
        params = self.rng.choice(
            [{}, {"status": self.rng.choice(PLAN["statuses"])}, {"sort": "name"}, {"province": PLAN["province"]}]
        )
        self.client.get("/participants/", params=params, name="list")

    @task(4)
    def participant_search(self) -> None:
        self.client.get("/participants/", params={"q": self.rng.choice(PLAN["surnames"])}, name="search")

    @task(6)
    def participant_detail(self) -> None:
        participant = self.rng.choice(PLAN["participant_ids"])
        self.client.get(f"/participants/{participant}/", name="detail")

    # --- Japan's side ----------------------------------------------------------------

    @task(2)
    def job_orders(self) -> None:
        self.client.get("/joborders/", name="joborders")
        self.client.get(f"/joborders/{self.rng.choice(PLAN['job_orders'])}/", name="joborders")

    @task(2)
    def shortlists(self) -> None:
        self.client.get("/matching/", name="shortlists")
        # A job order's shortlist page (with none drafted yet it offers to draft one).
        orders = PLAN["shortlisted_orders"] or PLAN["job_orders"]
        self.client.get(f"/matching/job-orders/{self.rng.choice(orders)}/", name="shortlists")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/reports/", name="dashboard")

    # --- API reads ---------------------------------------------------------------------

    @task(4)
    def api_reads(self) -> None:
        headers = {"Authorization": f"Bearer {PLAN['api_token']}"}
        participant = self.rng.choice(PLAN["participant_ids"])
        self.client.get("/api/v1/participants/", headers=headers, name="api")
        self.client.get(f"/api/v1/participants/{participant}/", headers=headers, name="api")
        self.client.get("/api/v1/statistics/", headers=headers, name="api")

    # --- the baseline ------------------------------------------------------------------

    @task(1)
    def admin_baseline(self) -> None:
        self.client.get("/bench-admin/participants/participant/", name="admin_baseline")


class ImportingOfficer(HttpUser):
    """An LPK/SO officer uploading a small participant file now and then: the
    upload, then its preview page."""

    fixed_count = 1
    wait_time = between(10, 20)

    def on_start(self) -> None:
        login = PLAN["importer"]
        self.client.cookies.set_policy(LoopbackTLSPolicy())
        page = self.client.get("/accounts/login/", name="login")
        self.client.post(
            "/accounts/login/",
            data={
                "username": login["username"],
                "password": login["password"],
                "csrfmiddlewaretoken": csrf_token(page.text),
            },
            name="login",
        )
        signed_in()

    @task
    def upload(self) -> None:
        """Upload, read the preview, cancel: an organization has one open
        import at a time, and the next upload must find none."""
        page = self.client.get("/spreadsheets/", name="import")
        path = Path(PLAN["import_file"])
        with path.open("rb") as stream:
            preview = self.client.post(
                "/spreadsheets/",
                data={"kind": "participants", "csrfmiddlewaretoken": csrf_token(page.text)},
                files={"file": (path.name, stream, XLSX)},
                name="import",
            )
        job = JOB_PAGE.search(preview.url)
        if job is None:
            return  # refused: locust counted the 400
        for _attempt in range(CANCEL_ATTEMPTS):
            answer = self.client.post(
                f"{job.group(0)}cancel/", data={"csrfmiddlewaretoken": csrf_token(preview.text)}, name="import"
            )
            if not JOB_PAGE.search(answer.url):  # back on the upload page: cancelled
                return
            preview = answer  # still being checked by the worker: wait and try again
            time.sleep(1)
