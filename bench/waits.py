"""What users wait for, measured from outside: commands as fresh processes, pages over HTTP from a real gunicorn.

    with Gunicorn() as server:                       # a free localhost port, stopped afterwards
        cookie = session_cookie(user)
        seconds = time_http(server.url + "/reports/…pdf", cookie)

Subprocesses run as on a server: bytecode compiled once and cached (in var/pycache-bench, so the tree stays clean),
DEBUG=1 so that no secret is needed. Every number is printed with the load average: on a shared machine wall time
mostly measures the others when the load exceeds the cores."""

import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def server_env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env |= {"PYTHONPYCACHEPREFIX": str(ROOT / "var" / "pycache-bench"), "DEBUG": "1"} | extra
    return env


@dataclass
class Timing:
    what: str
    goal: float  # seconds
    times: list[float]
    cpu: list[float] | None = None
    load: float = 0.0
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def met(self) -> bool:
        return self.median <= self.goal

    def line(self) -> str:
        cpu = f", CPU {statistics.median(self.cpu):.2f} s" if self.cpu else ""
        state = "met" if self.met else "MISSED"
        return (
            f"{self.what:<46} median {self.median:7.3f} s (best {min(self.times):.3f}){cpu}; goal ≤ {self.goal:g} s: "
            f"{state}; load {self.load:.1f} on {os.cpu_count()} cores{(' — ' + self.note) if self.note else ''}"
        )


def time_command(what: str, args: list[str], *, goal: float, runs: int = 5) -> Timing:
    """``manage.py`` + args as a new process each time: one warm-up (disk cache, bytecode), then ``runs``."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    env = server_env()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Timing(what, goal, times, cpu, os.getloadavg()[0])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """deploy/gunicorn.conf.py on a free localhost port (2 workers), for the length of a ``with``."""

    def __init__(self, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.process = None

    def __enter__(self):
        # a long timeout: on a loaded machine a render may take minutes, and a killed worker measures nothing
        env = server_env(
            GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_WORKERS=str(self.workers), GUNICORN_TIMEOUT="600"
        )
        env["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
        (ROOT / "var").mkdir(exist_ok=True)
        self.log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--access-logfile",
             "-", "wushan_invest.wsgi:application"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/accounts/login/", timeout=5).read()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn stopped: see var/bench-gunicorn.log") from None
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 120 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def session_cookie(user) -> str:
    """A signed-in session for ``user`` (the session store is the database, shared with gunicorn)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str, cookie: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie, **(headers or {})})
    try:
        with OPENER.open(request, timeout=300) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def time_http(what: str, fetch, *, goal: float, runs: int = 5) -> Timing:
    """``fetch()`` (one user action: one or more requests) timed ``runs`` times after one warm-up; a failure is a
    missed goal with its reason, not a crash of the benchmark."""
    times = []
    try:
        fetch()
        for _ in range(runs):
            start = time.perf_counter()
            fetch()
            times.append(time.perf_counter() - start)
    except (OSError, AssertionError) as error:
        return Timing(what, goal, times or [float("inf")], None, os.getloadavg()[0], note=f"failed: {error!r}"[:200])
    return Timing(what, goal, times, None, os.getloadavg()[0])
