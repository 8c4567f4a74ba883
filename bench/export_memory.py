"""The whole-org export's memory in a process of its own, as a server's worker would hold it.

`make bench` runs `python -m bench.export_memory` at the largest size of each backend, on the org
bench/measure.py loaded, as its HR user `bench` (the salary columns too). The process is the
worker's stand-in: Django and the app loaded, one export read to the end first (imports, caches,
the allocator's first arenas). Then it samples its resident set every 2 ms while one more export
is read to the end (the worker's peak while it answers), and reads 20 more exports (a worker
that answers exports all night must not grow). Targets (issue 21): at 500,000 people on
PostgreSQL, an export streamed in 3 s with at most 100 MB per worker; memory that does not grow
with repeated requests.

Prints one JSON line: `before_mb` (resident after the first export), `peak_mb` (the highest
sample during the measured one), `export_mb` (peak minus before: what an export adds to a
worker), `after_mb` and `grown_mb` (after 20 more), `seconds` (the measured export).
"""

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = "/api/v1/org/export/"


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakSampler(threading.Thread):
    """The highest resident set size seen while it runs, sampled every `every` seconds."""

    def __init__(self, every: float = 0.002):
        super().__init__(daemon=True)
        self.every, self.peak, self._stop_event = every, rss_mb(), threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(self.every)

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return max(self.peak, rss_mb())


def read_export(client) -> int:
    response = client.get(URL)
    if response.status_code != 200:
        raise SystemExit(f"{URL} answered {response.status_code}")
    size = sum(len(piece) for piece in response.streaming_content)
    response.close()
    return size


def measure(username: str, repeats: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    read_export(client)  # warm, as a worker that has answered one before
    before = rss_mb()
    sampler = PeakSampler()
    sampler.start()
    started = time.perf_counter()
    size = read_export(client)
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    for _ in range(repeats):
        read_export(client)
    after = rss_mb()
    return {
        "bytes": size,
        "seconds": round(seconds, 2),
        "before_mb": round(before, 1),
        "peak_mb": round(peak, 1),
        "export_mb": round(peak - before, 1),
        "repeats": repeats,
        "after_mb": round(after, 1),
        "grown_mb": round(after - before, 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.export_memory")
    parser.add_argument("--user", default="bench", help="an HR user of the org loaded")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    if not Path("/proc/self/statm").exists():
        print(json.dumps({"status": "n/a (reads the resident set size from /proc)"}))
        return
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    import django

    django.setup()
    print(json.dumps(measure(args.user, args.repeats)))


if __name__ == "__main__":
    main()
