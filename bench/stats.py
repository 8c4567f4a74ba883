import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], *, runs: int, warmup: int = 2) -> dict:
    """Median and p95 in milliseconds of `runs` calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return summary(samples)


def timed_in_turn(fns: dict[str, Callable[[], object]], *, runs: int, warmup: int = 2) -> dict:
    """`timed` for several calls taken in turn, one of each a round: a shared machine whose speed
    drifts (its neighbours, its clock) slows them alike, so their ratio holds where blocks of
    runs one after the other would compare a quiet minute with a busy one."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: summary(taken) for name, taken in samples.items()}


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(p95, 3),
        "runs": len(ordered),
    }
