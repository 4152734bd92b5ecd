"""The month-end peak (the 1st–7th and the 23rd): every responsible unit files at once.

Users (accounts from bench/load_setup.py, listed in bench/results/load_accounts.json):
- 180 filers (60 units × 3), each signing in once with its own user name (so django-axes' per-name lockout never
  counts another user's attempt), then, with think time between actions:
  filing funds in place / a contract / a start on one of its own three projects, as a real browser does it — the
  form (GET), the post with a PDF evidence file and "保存并提交审核" (multipart POST → 302), the record page (GET);
  now and then the longer way: save a draft, upload the evidence on the record page, submit;
  browsing the home page, the project list, the record lists and the unit's dashboard.
- 4 auditors (审核员): the queue of one kind (one unit at a time, as an auditor works), confirming a few records.
- 5 leaders: the county dashboard, the ranking (考核得分), their units; 1 office user: its desk and the filing matrix.

Every record a filer got a 302 to its page for is appended at once to LOAD_FILED (one JSON line: kind, pk, user),
so bench/load_check.py can compare it with the database after the run. Sign-in times go to LOAD_LOGINS.
Think time: LOAD_WAIT_MIN…LOAD_WAIT_MAX seconds between actions (default 3–9 s, about 6 s on average).
"""

import itertools
import json
import os
import random
import re
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from locust import HttpUser, between, events, task

HERE = Path(__file__).resolve().parent
ACCOUNTS = json.loads(Path(os.environ.get("LOAD_ACCOUNTS", HERE / "results" / "load_accounts.json")).read_text())
FILED_PATH = Path(os.environ.get("LOAD_FILED", HERE / "results" / "filed.jsonl"))
LOGINS_PATH = Path(os.environ.get("LOAD_LOGINS", HERE / "results" / "logins.json"))
WAIT = between(float(os.environ.get("LOAD_WAIT_MIN", 3)), float(os.environ.get("LOAD_WAIT_MAX", 9)))
YEAR = ACCOUNTS["year"]
PASSWORD = ACCOUNTS["password"]

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')
PICK_RE = re.compile(r'name="pick" value="([a-z]+:\d+:\d+)"')
RECORD_URL_RE = re.compile(r"/filing/([a-z]+)/(\d+)/$")
ERROR_RE = re.compile(r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]+)')

# A small but well-formed PDF padded to ~120 KB, like a scanned page (the app checks the type by content). Each
# upload is a file of its own, as each scan is: one identical file on every record would give the auditor's queue a
# "same file as …" warning on every row against thousands of records, which no month-end has.
PDF_HEAD = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%"
PDF_TAIL = b"0" * 120_000 + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf() -> bytes:
    return PDF_HEAD + uuid.uuid4().hex.encode() + PDF_TAIL


_pools = {role: iter([a for a in ACCOUNTS["accounts"] if a["role"] == role]) for role in ("filer", "auditor", "leader")}
_pools["office"] = itertools.cycle([a for a in ACCOUNTS["accounts"] if a["role"] == "office"])
_logins: list[float] = []
_filed_handle = None


def filed(kind: str, pk: int, username: str) -> None:
    global _filed_handle
    if _filed_handle is None:
        _filed_handle = FILED_PATH.open("a", encoding="utf-8")
    _filed_handle.write(json.dumps({"kind": kind, "pk": pk, "user": username}) + "\n")
    _filed_handle.flush()


@events.test_stop.add_listener
def _write_logins(environment, **kwargs):
    if _filed_handle is not None:
        _filed_handle.flush()
    times = sorted(_logins)

    def pct(p):
        return round(times[min(len(times) - 1, int(len(times) * p))] * 1000) if times else None

    LOGINS_PATH.write_text(
        json.dumps({"count": len(times), "p50_ms": pct(0.5), "p95_ms": pct(0.95), "max_ms": pct(1.0)}, indent=1)
    )


class Browser(HttpUser):
    """A signed-in person with a browser: one sign-in, then pages and forms with think time."""

    abstract = True
    wait_time = WAIT
    role = ""

    def on_start(self):
        self.account = next(_pools[self.role])
        self.username = self.account["username"]
        started = time.monotonic()
        page = self.client.get("/accounts/login/", name="GET /accounts/login/")
        token = CSRF_RE.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token and token[1]},
            name="POST /accounts/login/ (sign-in)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.username} refused: HTTP {response.status_code}")
                self.stop()
                return
            response.success()
        _logins.append(time.monotonic() - started)

    def page(self, url, name, expect=None):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif expect and not any(e in response.text for e in (expect if isinstance(expect, tuple) else (expect,))):
                response.failure(f"page lacks {expect!r}")
            return response

    def csrf(self, response):
        match = CSRF_RE.search(response.text)
        return match[1] if match else self.client.cookies.get("csrftoken", "")

    def post(self, url, name, data, files=None):
        """A form post that must answer with a redirect (the app's PRG pattern); its Location, or None."""
        with self.client.post(
            url, data=data, files=files, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                errors = "; ".join(e.strip() for e in ERROR_RE.findall(response.text)[:3])
                response.failure(f"HTTP {response.status_code} {errors}")
                return None
            response.success()
            return response.headers.get("Location", "")


class Filer(Browser):
    role = "filer"
    weight = 1

    def on_start(self):
        super().on_start()
        self.unit = self.account["unit"]
        self.projects = [p["pk"] for p in self.account["projects"]]
        self.unstarted = list(self.projects)
        # Funds months to file per project, newest first: last month back to the plan's January.
        last = date.today().replace(day=1) - timedelta(days=1)
        months, month = [], last.replace(day=1)
        while month >= date(YEAR, 1, 1):
            months.append(month)
            month = (month - timedelta(days=1)).replace(day=1)
        self.months = {pk: list(months) for pk in self.projects}

    # --- filing ---------------------------------------------------------------------------------------------------

    def _file(self, kind, project, fields, draft_first=False):
        form = self.page(f"/projects/{project}/{kind}/new/", f"GET /projects/<pk>/{kind}/new/ (form)")
        if form.status_code != 200:
            return
        token = FORM_TOKEN_RE.search(form.text)
        data = {"csrfmiddlewaretoken": self.csrf(form), "form_token": token[1] if token else "", **fields}
        evidence = {"ev-file": (f"{kind}-佐证.pdf", pdf(), "application/pdf")}
        if draft_first:
            location = self.post(
                f"/projects/{project}/{kind}/new/", f"POST /projects/<pk>/{kind}/new/ (draft)", {**data, "save": ""}
            )
        else:
            location = self.post(
                f"/projects/{project}/{kind}/new/",
                f"POST /projects/<pk>/{kind}/new/ (+evidence, submit)",
                {**data, "submit": "1"},
                files=evidence,
            )
        match = RECORD_URL_RE.search(location or "")
        if not match:
            return
        pk = int(match[2])
        filed(kind, pk, self.username)
        detail = self.page(f"/filing/{kind}/{pk}/", "GET /filing/<kind>/<pk>/ (record)")
        if draft_first and detail.status_code == 200:
            self.post(
                f"/filing/{kind}/{pk}/evidence/",
                "POST /filing/<kind>/<pk>/evidence/ (upload)",
                {"csrfmiddlewaretoken": self.csrf(detail), "description": "盖章扫描件"},
                files={"file": (f"{kind}-佐证.pdf", pdf(), "application/pdf")},
            )
            self.post(
                f"/filing/{kind}/{pk}/submit/",
                "POST /filing/<kind>/<pk>/submit/",
                {"csrfmiddlewaretoken": self.csrf(detail)},
            )
            self.page(f"/filing/{kind}/{pk}/", "GET /filing/<kind>/<pk>/ (record)", expect=("待审核", "已认定"))

    def _funds_fields(self):
        project = random.choice([pk for pk in self.projects if self.months[pk]] or [None])
        if project is None:
            return None, None
        month = self.months[project].pop(0)
        amount = f"{random.randint(1, 3000) / 10000:.4f}"
        return project, {"month": month.strftime("%Y-%m"), "amount": amount, "source": "bank", "note": ""}

    @task(3)
    def file_funds(self):
        project, fields = self._funds_fields()
        if project:
            self._file("funds", project, fields)

    @task(1)
    def file_funds_draft_then_evidence(self):
        project, fields = self._funds_fields()
        if project:
            self._file("funds", project, fields, draft_first=True)

    @task(1)
    def file_contract(self):
        signed = date.today() - timedelta(days=random.randint(0, 20))
        fields = {
            "kind": "formal",
            "title": "投资合同（压测）",
            "signed_on": signed.isoformat(),
            "amount": f"{random.randint(1, 20000) / 10000:.4f}",
            "note": "",
        }
        self._file("contract", random.choice(self.projects), fields)

    @task(1)
    def file_start(self):
        if not self.unstarted:
            return self.file_funds()
        project = self.unstarted.pop(0)
        started = date.today() - timedelta(days=random.randint(0, 20))
        self._file("start", project, {"started_on": started.isoformat(), "basis": "site_photos", "note": ""})

    # --- browsing -------------------------------------------------------------------------------------------------

    @task(2)
    def home(self):
        self.page("/", "GET / (home)")

    @task(2)
    def project_list(self):
        self.page("/projects/", "GET /projects/ (list)")

    @task(2)
    def record_list(self):
        kind = random.choice(["funds", "funds", "contract", "start", "activity", "report"])
        self.page(f"/filing/?kind={kind}", "GET /filing/?kind= (record list)")

    @task(2)
    def unit_dashboard(self):
        self.page(f"/dashboards/unit/{self.unit}/{YEAR}/", "GET /dashboards/unit/<pk>/<year>/")

    @task(1)
    def project_detail(self):
        self.page(f"/projects/{random.choice(self.projects)}/", "GET /projects/<pk>/")


class Auditor(Browser):
    """The center's auditors work through the queue one kind and one unit at a time, confirming what they read."""

    role = "auditor"
    fixed_count = 4

    @task(3)
    def confirm_some(self):
        kind = random.choice(["funds", "funds", "contract", "start"])
        queue = self.page(f"/audit-queue/?kind={kind}", "GET /audit-queue/?kind=")
        picks = PICK_RE.findall(queue.text) if queue.status_code == 200 else []
        if not picks:
            return
        chosen = random.sample(picks[:40], k=min(5, len(picks[:40])))
        self.post(
            "/audit-queue/confirm/",
            "POST /audit-queue/confirm/",
            {"csrfmiddlewaretoken": self.csrf(queue), "pick": chosen, "next": f"/audit-queue/?kind={kind}"},
        )

    @task(1)
    def office_desk(self):
        self.page(f"/dashboards/office/{YEAR}/", "GET /dashboards/office/<year>/")


class Leader(Browser):
    role = "leader"
    fixed_count = 5

    @task(3)
    def county(self):
        self.page(f"/dashboards/county/{YEAR}/", "GET /dashboards/county/<year>/")

    @task(2)
    def ranking(self):
        self.page(f"/scoring/ranking/{YEAR}/", "GET /scoring/ranking/<year>/")

    @task(2)
    def my_units(self):
        self.page(f"/dashboards/my-units/{YEAR}/", "GET /dashboards/my-units/<year>/")

    @task(1)
    def home(self):
        self.page("/", "GET / (home)")


class Office(Browser):
    role = "office"
    fixed_count = 1

    @task(2)
    def desk(self):
        self.page(f"/dashboards/office/{YEAR}/", "GET /dashboards/office/<year>/")

    @task(1)
    def matrix(self):
        self.page("/filing-status/", "GET /filing-status/")
