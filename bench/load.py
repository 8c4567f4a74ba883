"""A small load generator: keep-alive HTTP/1.1 GETs from threads, bounded in time and count.

Only ever pointed at 127.0.0.1 by the benchmark.
"""

import argparse
import http.client
import json
import threading
import time

from bench.stats import summary


def worker(host, port, paths, cookie, deadline, budget, lock, samples, errors):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    i = 0
    while time.perf_counter() < deadline:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie, "Accept": "application/json"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=10)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            (samples if ok else errors).append(elapsed)
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--paths", required=True, help="comma-separated paths")
    parser.add_argument("--cookie", required=True)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    paths = args.paths.split(",")
    lock, samples, errors = threading.Lock(), [], []
    budget = [args.max_requests]
    started = time.perf_counter()
    deadline = started + args.seconds
    threads = [
        threading.Thread(
            target=worker,
            args=(
                "127.0.0.1",
                args.port,
                paths[i:] + paths[:i],
                args.cookie,
                deadline,
                budget,
                lock,
                samples,
                errors,
            ),
        )
        for i in range(args.concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    result = {
        "requests": len(samples),
        "errors": len(errors),
        "seconds": round(wall, 2),
        "requests_per_s": round(len(samples) / wall, 1),
        "concurrency": args.concurrency,
    }
    if samples:
        result |= summary(samples)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
