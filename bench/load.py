"""A small load generator: keep-alive HTTP/1.1 GETs from threads, bounded in time and count.

Only ever pointed at 127.0.0.1 by the benchmark. Every failure is counted and named in the result
(status codes, exception types, the first messages); a thread that dies, or a run in which no
request succeeded, ends the command with exit status 1 and the reason on stderr, so the benchmark
reports "failed" instead of a throughput measured by fewer threads than asked.
"""

import argparse
import http.client
import json
import sys
import threading
import time
from collections import Counter
from urllib.parse import quote

from bench.stats import summary

# Characters a request target keeps as they are; everything else (a "ö" in a search, a space) is
# percent-encoded as UTF-8. http.client encodes the request line as ASCII and raised
# UnicodeEncodeError in the thread for "/search/?q=Böttcher", which killed it without a word.
SAFE = "/?&=%:+,;@!$'()*~-._"


def request_target(path: str) -> str:
    return quote(path, safe=SAFE)


class Tally:
    """What the threads measured, shared under one lock."""

    def __init__(self, budget: int):
        self.lock = threading.Lock()
        self.budget = budget
        self.samples: list[float] = []
        self.errors: list[float] = []
        self.kinds: Counter[str] = Counter()
        self.messages: list[str] = []
        self.crashed: list[str] = []

    def take(self) -> bool:
        with self.lock:
            if self.budget <= 0:
                return False
            self.budget -= 1
            return True

    def ok(self, elapsed_ms: float) -> None:
        with self.lock:
            self.samples.append(elapsed_ms)

    def failed(self, elapsed_ms: float, kind: str, message: str) -> None:
        with self.lock:
            self.errors.append(elapsed_ms)
            self.kinds[kind] += 1
            if len(self.messages) < 5:
                self.messages.append(message)


def worker(host: str, port: int, paths: list[str], cookie: str, deadline: float, tally: Tally):
    targets = [request_target(path) for path in paths]
    # The API answers JSON; a page (/org/) is asked for as a browser asks for it.
    accept = "application/json" if paths[0].startswith("/api/") else "text/html"
    headers = {"Cookie": cookie, "Accept": accept}
    conn = http.client.HTTPConnection(host, port, timeout=10)
    i = 0
    try:
        while time.perf_counter() < deadline and tally.take():
            target = targets[i % len(targets)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                elapsed = (time.perf_counter() - started) * 1000
                tally.failed(elapsed, type(error).__name__, f"{target}: {error!r}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.status == 200:
                tally.ok(elapsed)
            else:
                tally.failed(elapsed, f"HTTP {response.status}", f"{target}: {response.status}")
    finally:
        conn.close()


def run(args: argparse.Namespace) -> tuple[dict, Tally]:
    paths = args.paths.split(",")
    tally = Tally(args.max_requests)
    started = time.perf_counter()
    deadline = started + args.seconds

    def crash_hook(hook_args: threading.ExceptHookArgs) -> None:
        with tally.lock:
            tally.crashed.append(f"{hook_args.exc_type.__name__}: {hook_args.exc_value}")

    previous_hook, threading.excepthook = threading.excepthook, crash_hook
    threads = [
        threading.Thread(
            target=worker,
            args=("127.0.0.1", args.port, paths[i:] + paths[:i], args.cookie, deadline, tally),
        )
        for i in range(args.concurrency)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        threading.excepthook = previous_hook
    wall = time.perf_counter() - started
    result = {
        "requests": len(tally.samples),
        "errors": len(tally.errors),
        "error_kinds": dict(tally.kinds),
        "seconds": round(wall, 2),
        "requests_per_s": round(len(tally.samples) / wall, 1),
        "concurrency": args.concurrency,
        "threads_crashed": len(tally.crashed),
    }
    if tally.samples:
        result |= summary(tally.samples)
    return result, tally


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--paths", required=True, help="comma-separated paths")
    parser.add_argument("--cookie", required=True)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    result, tally = run(args)
    print(json.dumps(result))
    if tally.crashed or not tally.samples:
        reasons = tally.crashed or tally.messages or ["no request was made"]
        print("bench.load failed: " + "; ".join(reasons), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
