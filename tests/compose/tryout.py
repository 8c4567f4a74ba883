"""Try the running compose.yaml from the outside (docs/deploy.md, "What was run"): not a pytest
test, as CI has no Docker. Start it first (`docker compose up --build -d`, or `docker-compose`),
then `python tests/compose/tryout.py` from the repository's top folder, with the dev venv.

It signs in as hr through nginx in Chromium and screenshots the chart; asks both app servers
directly (their container addresses) with that browser's session; fails sign-ins alternately on
app1 and app2 until the lockout, and counts the token throttle on both; and makes a planned
change due and restarts the worker, whose first pass applies it. Each check prints what it saw
and the script exits non-zero on the first that does not hold.

Leaves the demo account `employee` locked out and one demo planned change applied: `docker
compose down -v` afterwards, or `python manage.py axes_reset` in a container.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

URL = os.environ.get("TRYOUT_URL", "http://localhost:8080")
SHOTS = Path(os.environ.get("TRYOUT_SHOTS", "test-artifacts/compose"))
COMPOSE = ["docker", "compose"] if shutil.which("docker-compose") is None else ["docker-compose"]
# What nginx sends on: the app servers take the last X-Forwarded-For entry (TRUSTED_PROXY_COUNT=1).
CLIENT = "203.0.113.7"


def compose(*args: str) -> str:
    return subprocess.run([*COMPOSE, *args], check=True, capture_output=True, text=True).stdout


def address(service: str) -> str:
    container = compose("ps", "-q", service).strip()
    networks = subprocess.run(
        ["docker", "inspect", "-f", "{{json .NetworkSettings.Networks}}", container],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return next(iter(json.loads(networks).values()))["IPAddress"]


def check(what: str, holds: bool, seen: object) -> None:
    print(f"{'ok  ' if holds else 'FAIL'} {what}: {seen}")
    if not holds:
        sys.exit(1)


def sql(statement: str) -> str:
    return compose(
        "exec", "-T", "db", "psql", "-U", "orgchart", "-d", "orgchart", "-Atc", statement
    )


def main() -> None:
    servers = {name: f"http://{address(name)}:8000" for name in ("app1", "app2")}
    print("app servers:", servers)
    host = {"Host": URL.split("//")[1]}  # as nginx passes it on: one of ALLOWED_HOSTS

    # 1. The chart through nginx, signed in as hr.
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{URL}/org/")
        page.fill("input[name=username]", "hr")
        page.fill("input[name=password]", "hr-demo-2026")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        check("signed in, the chart drawn", page.url == f"{URL}/org/", page.url)
        page.screenshot(path=SHOTS / "chart.png", full_page=False)
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        browser.close()
    check("a session cookie", "sessionid" in cookies, sorted(cookies))

    # 2. Nginx spreads requests over both servers (its log names the upstream).
    for _ in range(12):
        httpx.get(f"{URL}/accounts/login/")
    log = compose("logs", "--no-color", "--tail", "12", "proxy")
    upstreams = [
        line.split("upstream=")[1].split()[0] for line in log.splitlines() if "upstream=" in line
    ]
    answered_by = {name: upstreams.count(url[7:]) for name, url in servers.items()}
    check("nginx sent 12 sign-in pages to both", all(answered_by.values()), answered_by)

    # 3. The session made through nginx holds on each server asked directly.
    jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
    for name, base in servers.items():
        r = httpx.get(f"{base}/roles/", headers=host | {"Cookie": jar})
        check(f"{name} knows the session", r.status_code == 200 and "hr" in r.text, r.status_code)

    # 4. The lockout counts across both: five failures for `employee`, alternating, lock it on each.
    def sign_in(base: str, password: str) -> int:
        # Cookies by hand: they are Secure, and a cookie jar sends none over plain HTTP.
        headers = host | {"X-Forwarded-For": CLIENT}
        form = httpx.get(f"{base}/accounts/login/", headers=headers)
        token = form.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        headers["Cookie"] = f"csrftoken={form.cookies['csrftoken']}"
        data = {"username": "employee", "password": password, "csrfmiddlewaretoken": token}
        return httpx.post(f"{base}/accounts/login/", data=data, headers=headers).status_code

    order = ["app1", "app2", "app1", "app2", "app1"]
    failures = [sign_in(servers[n], "wrong") for n in order]
    check(f"failed sign-ins on {order}", failures == [200, 200, 200, 200, 429], failures)
    right = {n: sign_in(servers[n], "employee-demo-2026") for n in servers}
    check("the right password is refused on both", set(right.values()) == {429}, right)

    # 5. The token throttle (30/minute) counts in Redis across both.
    def ask(name: str) -> int:
        return httpx.post(
            f"{servers[name]}/api/v1/auth/token/",
            json={},
            headers=host | {"X-Forwarded-For": "203.0.113.8"},
        ).status_code

    asked = [ask("app1" if i % 2 else "app2") for i in range(30)]
    check("30 token requests, alternating: refused, counted", set(asked) == {400}, set(asked))
    last = {n: ask(n) for n in servers}
    check("the 31st is throttled on both", set(last.values()) == {429}, last)
    keys = compose("exec", "-T", "cache", "redis-cli", "--scan", "--pattern", "*throttle*")
    check("the counts are in Redis", "throttle" in keys, keys.split())

    # 6. The worker applies a planned change that is due: the demo's first pending change is made
    # due today (as if its day had come), and the worker's pass at start applies it.
    change = sql(
        "UPDATE planning_plannedchange SET effective_on = current_date WHERE id = (SELECT id "
        "FROM planning_plannedchange WHERE status = 'pending' ORDER BY effective_on, id LIMIT 1) "
        "RETURNING id, kind"
    ).splitlines()[0]
    change_id = change.split("|")[0]
    print("made due today:", change)
    compose("restart", "worker")
    for _ in range(60):
        status = sql(f"SELECT status FROM planning_plannedchange WHERE id = {change_id}").strip()
        if status != "pending":
            break
        time.sleep(1)
    worker_log = [
        line for line in compose("logs", "--no-color", "worker").splitlines() if "#" in line
    ]
    check(f"the worker applied #{change_id}", status == "applied", (status, worker_log[-3:]))


if __name__ == "__main__":
    main()
