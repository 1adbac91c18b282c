"""The simulated users of the load test (see benchmarks/load/run.py, which starts locust).

``LOAD_USERS_CSV`` lists the staff logins (benchmarks/load/accounts.py), ``LOAD_PASSWORD``
their password. The user classes named on locust's command line say who runs:

- ``WaveStaff`` + ``WaveReviewer`` (the wave): staff log in, open the home page, fill in
  the self-assessment, save a draft, send it, sign the commitment, then read their pages,
  thinking 5-20 s between steps; one user in twenty is a reviewer reading the dashboards
  (``LOAD_REVIEWER``);
- ``FloorUser`` (the floor): the login page, nothing else, no think time;
- ``SelfFormUser``: the self-assessment page of logged-in staff, no think time.

Every answer is checked (status and what the page must say), so a refused save or a login
that lands back on the login page counts as an error.
"""

import csv
import itertools
import json
import os
import random
import re
import threading
import time

import gevent
from locust import HttpUser, between, constant, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
REVIEWER = os.environ.get("LOAD_REVIEWER", "bm-noivu")
REVIEWER_PASSWORD = os.environ.get("LOAD_REVIEWER_PASSWORD", PASSWORD)
THINK = tuple(float(part) for part in os.environ.get("LOAD_THINK", "5,20").split(","))
# The bound on requests: the run stops once this many were sent, whatever the time left.
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "200000"))
SAMPLES = os.environ.get("LOAD_SAMPLES", "")

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
SCORE = re.compile(r'name="(score_\d+)"[^>]*?max="(\d+)"|max="(\d+)"[^>]*?name="(score_\d+)"')
LEVEL = re.compile(r'<select name="proposed_level"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')


def _load_users() -> list[dict]:
    path = os.environ.get("LOAD_USERS_CSV")
    if not path:
        return []
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


USERS = _load_users()
_next_user = itertools.cycle(range(max(len(USERS), 1)))
_lock = threading.Lock()


def take_user() -> dict:
    with _lock:
        return USERS[next(_next_user)]


def csrf_of(text: str) -> str:
    found = CSRF.search(text)
    return found.group(1) if found else ""


def scores_of(text: str) -> dict[str, int]:
    """The score fields of the form and their maxima."""
    fields = {}
    for match in SCORE.finditer(text):
        name = match.group(1) or match.group(4)
        fields[name] = int(match.group(2) or match.group(3))
    return fields


def check(response, needle: str, what: str) -> None:
    """A failure unless the answer is a 200 holding ``needle``."""
    if response.status_code != 200 or needle not in response.text:
        error = type(response.error).__name__ if response.error else ""
        response.failure(f"{what}: {response.status_code} at {response.url} {error}")
    else:
        response.success()


class StaffBase(HttpUser):
    abstract = True

    def on_start(self):
        self.account = take_user()
        self.log_in(self.account["username"], PASSWORD)

    def log_in(self, username: str, password: str) -> bool:
        page = self.client.get("/dang-nhap/", name="login GET")
        data = {
            "csrfmiddlewaretoken": csrf_of(page.text),
            "username": username,
            "password": password,
        }
        with self.client.post(
            "/dang-nhap/", data=data, name="login POST", catch_response=True
        ) as response:
            if response.status_code != 200 or "/dang-nhap/" in response.url:
                response.failure(
                    f"login refused for {username}: {response.status_code} at {response.url}"
                    f" {type(response.error).__name__ if response.error else ''}"
                )
                return False
        return True

    def check(self, response, needle: str, what: str):
        check(response, needle, what)


class WaveStaff(StaffBase):
    """One staff member's deadline day, from login to signed commitment."""

    weight = 19
    wait_time = between(*THINK)

    def on_start(self):
        super().on_start()
        self.step = 0
        self.form_url = f"/danh-gia/{self.account['evaluation_id']}/tu-danh-gia/"

    def self_form(self):
        with self.client.get(self.form_url, name="self_form GET", catch_response=True) as page:
            self.check(page, 'name="form_token"', "self-assessment form")
            return page

    def post_form(self, page, *, submit: bool):
        fields = scores_of(page.text)
        levels = LEVEL.search(page.text)
        data = {
            "csrfmiddlewaretoken": csrf_of(page.text),
            "form_token": (FORM_TOKEN.search(page.text) or [None, ""])[1],
            "action": "submit" if submit else "save",
            "overall_comment": "Hoàn thành tốt nhiệm vụ được giao.",
            "strengths": "Chủ động, trách nhiệm trong công việc.",
            "weaknesses": "Cần cải thiện kỹ năng ngoại ngữ.",
        }
        options = OPTION.findall(levels.group(1)) if levels else []
        if options:
            data["proposed_level"] = options[0]
        for index, (name, maximum) in enumerate(fields.items()):
            if submit or index % 2 == 0:
                data[name] = str(random.randint(maximum // 2, maximum))
            data[name.replace("score_", "comment_")] = "Đạt yêu cầu." if index % 3 == 0 else ""
        name = "self_form POST submit" if submit else "self_form POST draft"
        with self.client.post(self.form_url, data=data, name=name, catch_response=True) as result:
            # "Gửi" saves the draft, then asks on its confirmation page before sending.
            if submit:
                shown = 'name="confirmed"' in result.text
            else:
                shown = result.url.endswith(self.form_url)
            if result.status_code != 200 or not shown:
                result.failure(f"{name}: {result.status_code} at {result.url}")
                return
        if submit:
            self.confirm_sending(result)

    def confirm_sending(self, page):
        data = {
            "csrfmiddlewaretoken": csrf_of(page.text),
            "form_token": (FORM_TOKEN.search(page.text) or [None, ""])[1],
            "confirmed": "1",
        }
        name = "self_submit POST confirm"
        with self.client.post(page.url, data=data, name=name, catch_response=True) as result:
            if result.status_code != 200 or not result.url.endswith("/danh-gia/"):
                result.failure(f"{name}: {result.status_code} at {result.url}")

    def sign(self):
        commitment = self.account.get("commitment_id")
        if not commitment:
            return
        url = f"/cam-ket/{commitment}/"
        with self.client.get(url, name="commitment GET", catch_response=True) as page:
            self.check(page, "typed_name", "commitment page")
        data = {
            "csrfmiddlewaretoken": csrf_of(page.text),
            "typed_name": self.account["full_name"],
            "password": PASSWORD,
            "read": "on",
        }
        with self.client.post(
            url, data=data, name="commitment POST sign", catch_response=True
        ) as r:
            if r.status_code != 200 or "typed_name" in r.text:
                r.failure(f"signing refused: {r.status_code}")

    @task
    def next_step(self):
        step, self.step = self.step, self.step + 1
        if step == 0:
            with self.client.get("/", name="home GET", catch_response=True) as page:
                self.check(page, "<main", "home")
        elif step == 1:
            self.post_form(self.self_form(), submit=False)
        elif step == 2:
            self.post_form(self.self_form(), submit=True)
        elif step == 3:
            self.sign()
        else:
            url, name = random.choice(
                [("/", "home GET"), ("/danh-gia/", "my_list GET"), (self.form_url, "self_form GET")]
            )
            with self.client.get(url, name=name, catch_response=True) as page:
                self.check(page, "<main", name)


class WaveReviewer(StaffBase):
    """A district reviewer watching the figures move."""

    weight = 1
    wait_time = between(*THINK)

    def on_start(self):
        self.log_in(REVIEWER, REVIEWER_PASSWORD)

    @task
    def dashboards(self):
        url, name = random.choice(
            [
                ("/bao-cao/", "dashboard GET"),
                ("/bao-cao/tieu-chi/", "dashboard criteria GET"),
                ("/bao-cao/ca-nhan/", "dashboard people GET"),
            ]
        )
        with self.client.get(url, name=name, catch_response=True) as page:
            self.check(page, "<main", name)


class FloorUser(HttpUser):
    """The floor: the login page as fast as the server answers it."""

    wait_time = constant(0)

    @task
    def login_page(self):
        with self.client.get("/dang-nhap/", name="login GET", catch_response=True) as page:
            check(page, "csrfmiddlewaretoken", "login page")


class SelfFormUser(StaffBase):
    """The self-assessment page alone, as fast as the server answers it."""

    wait_time = constant(0)

    def on_start(self):
        super().on_start()
        self.form_url = f"/danh-gia/{self.account['evaluation_id']}/tu-danh-gia/"

    @task
    def self_form(self):
        with self.client.get(self.form_url, name="self_form GET", catch_response=True) as page:
            self.check(page, 'name="form_token"', "self-assessment form")


# Every answer as (page, start time, milliseconds, failed), written when locust stops, so
# that run.py can give the figures per page and per phase (during the login wave, after).
_samples: list[tuple[str, float, float, bool]] = []


_stopping = {"since": None, "cut": 0}


@events.test_stopping.add_listener
def _stop(**_kwargs):
    _stopping["since"] = time.time()


@events.request.add_listener
def _record(name, response_time, exception, start_time=None, **_kwargs):
    if _stopping["since"] is not None:
        # Cut short by the end of the run (locust stops its users mid-request): not the
        # server's answer, so neither a figure nor an error; counted apart.
        _stopping["cut"] += 1
        return
    _samples.append((name, start_time or 0.0, response_time, exception is not None))
    if len(_samples) == MAX_REQUESTS and _environment is not None and _environment.runner:
        gevent.spawn(_environment.runner.quit)  # not from inside the user's own greenlet


_environment = None


@events.init.add_listener
def _keep(environment, **_kwargs):
    global _environment
    _environment = environment


@events.quitting.add_listener
def _write(**_kwargs):
    if SAMPLES:
        with open(SAMPLES, "w", encoding="utf-8") as handle:
            json.dump({"samples": _samples, "cut": _stopping["cut"]}, handle)
