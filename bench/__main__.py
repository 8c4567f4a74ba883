"""python -m bench [--quick | --size N ...] [--backend sqlite|postgres|both] [--runs N]

Builds orgs of 1,000, 10,000 and 100,000 people (--quick: 1,000 and 10,000; --size N: N only,
e.g. `make bench BENCH_ARGS="--size 500000 --backend postgres"`, not in CI) on fresh databases,
measures each in its own process (bench/measure.py), then, at the largest size, the chart in
Chromium (bench/chart_layout.py), the org book PDF of a 2,049-seat branch (bench/org_book.py, on
a demo org of 2,000 people of its own; --quick: a 200-seat branch), the throughput of the children
endpoint and of `/org/` under gunicorn with 2 workers and 16 clients, the export's memory in a
worker's stand-in (bench/export_memory.py), and the import of the whole org from CSV.
Writes docs/benchmarks.json (merged with earlier runs of the other backend) and docs/benchmarks.md.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.report import write_report

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_SIZES = [1000, 10_000, 100_000]


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, **kwargs)


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run([PY, "manage.py", *args], env)


class Backend:
    def __init__(self, name: str, workdir: Path, pg_url: str):
        self.name, self.workdir, self.pg_url = name, workdir, pg_url

    def fresh(self, label: str) -> str:
        """A new empty database for `label`; its DATABASE_URL."""
        if self.name == "sqlite":
            path = self.workdir / f"{label}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        import psycopg

        name = f"bench_{label}"
        with psycopg.connect(self.pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(self.pg_url)
        return urlunsplit(parts._replace(path=f"/{name}"))


def env_for(url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DEBUG="false", PYTHONPATH=str(ROOT))
    env.pop("CI", None)
    return env


def measure(url: str, people: int, runs: int) -> dict:
    done = run(
        [PY, "-m", "bench.measure", "--people", str(people), "--runs", str(runs)], env_for(url)
    )
    if done.returncode != 0:
        raise SystemExit(f"bench.measure failed for {people} people:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Clients of the throughput figures: issue 21 measures 16 against 2 workers.
CLIENTS = 16


def throughput(url: str, figures: dict, seconds: float) -> dict[str, dict]:
    """The children endpoint and `/org/` (signed in as HR: the page needs a login) under
    gunicorn (2 workers, persistent connections), one after the other on the same server."""
    port = int(os.environ.get("BENCH_PORT") or 0) or free_port()  # a port of your own
    # The load is one user asking as fast as it can: fair-use throttling would answer 429s.
    env = env_for(url) | {"CONN_MAX_AGE": "600", "API_USER_RATE": "1000000/minute"}
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "callcenter.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        results = {}
        for name, key in (("children", "load_paths"), ("org_page", "org_paths")):
            load(port, env, figures["session_cookie"], figures[key], 2)  # warm both workers up
            cpu = workers_cpu_seconds(server.pid)
            results[name] = load(port, env, figures["session_cookie"], figures[key], seconds)
            used = workers_cpu_seconds(server.pid) - cpu
            if results[name].get("requests"):
                # The machine is shared: the workers' own CPU a request is what a quiet machine
                # would serve, 2 CPUs / (CPU a request), beside the req/s measured under its load.
                per_request = used * 1000 / results[name]["requests"]
                results[name]["worker_cpu_ms_per_request"] = round(per_request, 2)
        return results
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def workers_cpu_seconds(master_pid: int) -> float:
    """User and system CPU seconds the gunicorn master's workers used so far (Linux /proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended while we looked
        if int(fields[1]) == master_pid:  # fields: state, ppid, …, utime (11), stime (12)
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def load(port: int, env: dict, cookie: str, paths: list[str], seconds: float) -> dict:
    """bench/load.py against the server on `port`: req/s, p50 and p95 of `paths` in turn."""
    done = run(
        [
            PY,
            "-m",
            "bench.load",
            "--port",
            str(port),
            "--cookie",
            cookie,
            "--paths",
            ",".join(paths),
            "--seconds",
            str(seconds),
            "--max-requests",
            "100000",
            "--concurrency",
            str(CLIENTS),
        ],
        env,
        timeout=seconds + 60,
    )
    if done.returncode != 0:
        return {"status": "failed", "error": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1]) | {
        "workers": 2,
        "load_average": round(os.getloadavg()[0], 2),
    }


def browser_figure(url: str, figures: dict) -> dict:
    """The chart in Chromium (bench/chart_layout.py): first paint's elements, the layout time."""
    cookie = figures["session_cookie"]
    done = run([PY, "-m", "bench.chart_layout", "--cookie", cookie], env_for(url))
    if done.returncode != 0:
        return {"status": "failed", "error": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def book_figure(url: str, *how: str) -> dict:
    """The org book PDF of a branch (bench/org_book.py), in a process of its own."""
    done = run([PY, "-m", "bench.org_book", *how], env_for(url))
    if done.returncode != 0:
        return {"status": "failed", "error": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def export_memory_figure(url: str) -> dict:
    """The export's memory in a worker's stand-in (bench/export_memory.py), a process of its own."""
    # 22 exports in a row: fair-use throttling would answer 429s (as for the load, above).
    env = env_for(url) | {"API_USER_RATE": "1000000/minute"}
    done = run([PY, "-m", "bench.export_memory"], env)
    if done.returncode != 0:
        return {"status": "failed", "error": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_whole_org(backend: Backend, url: str, people: int) -> dict:
    """Export the org to CSV, empty the org (roles and sites stay, as in an installation set up
    for its first import), then time `manage.py import_people` end to end."""
    env = env_for(url)
    csv_path = backend.workdir / f"org-{people}.csv"
    exported = manage(env, "export_people", str(csv_path))
    if exported.returncode != 0:
        return {"status": "n/a", "error": (exported.stderr or exported.stdout)[-300:]}
    emptied = run([PY, "-m", "bench.measure", "--empty-org"], env)
    if emptied.returncode != 0:
        return {"status": "failed", "error": emptied.stderr[-500:]}
    started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    imported = manage(env, "import_people", str(csv_path))
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if imported.returncode != 0:
        return {"status": "failed", "error": (imported.stderr or imported.stdout)[-500:]}
    # The wall clock of a shared machine measures its load too: keep both beside the time.
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    return {
        "seconds": round(seconds, 2),
        "rows": people,
        "command_cpu_seconds": round(cpu, 2),
        "load_average": round(os.getloadavg()[0], 2),
    }


def staffing(backend: Backend, quick: bool) -> dict:
    """Staffing from demand (bench/staffing.py) on a fresh database of its own."""
    url = backend.fresh("staffing")
    done = run([PY, "-m", "bench.staffing", *(["--quick"] if quick else [])], env_for(url))
    if done.returncode != 0:
        return {"status": "failed", "error": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def scenarios(backend: Backend, quick: bool) -> dict:
    """Scenarios at scale (bench/scenarios.py) on a fresh database of its own: 100,000 people
    and 1,000 changes (--quick: 2,000 and 100)."""
    url = backend.fresh("scenarios")
    size = ["--people", "2000", "--changes", "100"] if quick else []
    done = run([PY, "-m", "bench.scenarios", *size], env_for(url))
    if done.returncode != 0:
        return {"status": "failed", "error": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--quick", action="store_true", help="1,000 and 10,000 people only")
    sizes.add_argument(
        "--size",
        "--sizes",
        type=int,
        action="append",
        dest="size",
        metavar="PEOPLE",
        help="measure this org size only (repeat for several); not in CI: 500,000 takes hours",
    )
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", PG_DEFAULT))
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks"))
    parser.add_argument("--load-seconds", type=float, default=8)
    args = parser.parse_args()
    sizes = sorted(args.size) if args.size else [1000, 10_000] if args.quick else DEFAULT_SIZES
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    out = Path(args.out)
    previous = (
        json.loads(out.with_suffix(".json").read_text())
        if out.with_suffix(".json").exists()
        else {}
    )
    results = previous.get("results", {})
    staffing_figures = previous.get("staffing", {})
    scenario_figures = previous.get("scenarios", {})
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for name in backends:
            backend = Backend(name, Path(tmp), args.postgres_url)
            # A full run replaces the backend's figures; --size adds its sizes to them.
            results[name] = results.get(name, {}) if args.size else {}
            for people in sizes:
                t0 = time.perf_counter()
                url = backend.fresh(f"org_{people}")
                figures = measure(url, people, args.runs)
                if people == sizes[-1]:
                    figures["chart_layout"] = browser_figure(url, figures)
                    figures["org_book"] = (
                        book_figure(url, "--seats", "200")  # CI: a small branch, no new org
                        if args.quick
                        else book_figure(backend.fresh("org_book"), "--people", "2000")
                    )
                    figures["throughput"] = throughput(url, figures, args.load_seconds)
                    figures["export_memory"] = export_memory_figure(url)
                    figures["import"] = import_whole_org(backend, url, people)  # last: empties
                for key in ("session_cookie", "load_paths", "org_paths"):
                    figures.pop(key, None)
                results[name][str(people)] = figures
                print(f"{name:8} {people:>7} people: {time.perf_counter() - t0:6.1f} s", flush=True)
            staffing_figures[name] = staffing(backend, args.quick)
            scenario_figures[name] = scenarios(backend, args.quick)
    document = {
        "generated": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "sizes": sorted({int(size) for figures in results.values() for size in figures}),
        "runs": args.runs,
        "results": results,
        "staffing": staffing_figures,
        "scenarios": scenario_figures,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(document, indent=2) + "\n")
    out.with_suffix(".md").write_text(write_report(document))
    print(f"Wrote {out}.md and .json in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
