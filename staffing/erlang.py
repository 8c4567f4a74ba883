"""Queueing maths of a contact center: Erlang B and C, Erlang A (callers who hang up), chat.

Notation: `traffic` A in Erlangs is offered contacts x handle time / interval length; `n` agents;
`aht` the average handle time in seconds (talk + after-contact work); a service-level target is
"a share `level` of contacts answered within `seconds`".

Erlang B is computed by its recursion B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1)), whose values
stay in [0, 1]: no factorials, no powers, so it is exact to rounding at thousands of Erlangs.
Erlang C follows from B: C = n·B / (n - A·(1 - B)).

Erlang A (M/M/n+M, Palm's model with exponential patience) is the birth-death chain with
death rate min(k, n)/aht + max(k - n, 0)/patience, summed until its terms vanish; its service
level (share of offered contacts answered within `seconds`) comes from a uniformised chain of
"contacts ahead of me" (docs/staffing.md).

`agents_needed` answers one interval; `agents_needed_many` answers millions at once (numpy),
walking the recursion once for every distinct (traffic, aht) and stopping each as soon as it
meets the target, so the cost is the sum of the answers, not of the intervals.
"""

import math
from dataclasses import dataclass

import numpy as np

MOST_AGENTS = 100_000  # more than any site seats: a target that needs more is impossible


class ImpossibleTarget(ValueError):
    """No agent count up to MOST_AGENTS meets the target within the occupancy cap."""


@dataclass(frozen=True)
class Target:
    """What an interval must meet: a service level, or an average speed of answer (ASA)."""

    level: float | None = 0.8  # share answered within `seconds`
    seconds: float = 20.0
    asa_seconds: float | None = None  # instead of a service level
    max_occupancy: float = 1.0  # a cap on traffic / agents, e.g. 0.85
    patience_seconds: float | None = None  # Erlang A when known
    concurrency: int = 1  # chats an agent handles at once

    def problem(self) -> str:
        """Why the target cannot be met by any agent count ("" when it can), in English; the
        callers translate their own messages."""
        if self.asa_seconds is None and self.level is None:
            return "no target"
        if self.asa_seconds is not None and self.asa_seconds <= 0:
            return "asa"
        if self.asa_seconds is None and not 0 < self.level < 1:
            return "level"
        if self.seconds < 0:
            return "seconds"
        if not 0 < self.max_occupancy <= 1:
            return "occupancy"
        if self.concurrency < 1:
            return "concurrency"
        if self.patience_seconds is not None and self.patience_seconds <= 0:
            return "patience"
        return ""


def traffic(offered: float, aht: float, interval_seconds: float) -> float:
    """Erlangs offered in an interval."""
    return offered * aht / interval_seconds


def erlang_b(n: int, a: float) -> float:
    """Probability that a contact finds all n servers busy and is lost (no queue)."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def _c_from_b(n: int, a: float, b: float) -> float:
    return 1.0 if n <= a else n * b / (n - a * (1 - b))


def erlang_c(n: int, a: float) -> float:
    """Probability that a contact waits (all n agents busy); 1 when n ≤ A (the queue grows)."""
    return _c_from_b(n, a, erlang_b(n, a))


def service_level(n: int, a: float, aht: float, seconds: float) -> float:
    """Share of contacts answered within `seconds` (Erlang C)."""
    if n <= a:
        return 0.0
    return 1 - erlang_c(n, a) * math.exp(-(n - a) * seconds / aht)


def asa(n: int, a: float, aht: float) -> float:
    """Average speed of answer in seconds (Erlang C); infinite when n ≤ A."""
    if n <= a:
        return math.inf
    return erlang_c(n, a) * aht / (n - a)


def occupancy(n: int, a: float) -> float:
    return min(a / n, 1.0) if n else 1.0


@dataclass(frozen=True)
class ErlangA:
    """Erlang A figures of n agents: waits, hang-ups, service level, average wait."""

    wait: float  # probability of waiting at all
    abandon: float  # share of offered contacts that hang up
    level: float  # share of offered contacts answered within `seconds`
    mean_wait: float  # seconds, over all contacts (Little: queue length / arrival rate)
    occupancy: float


def erlang_a(n: int, a: float, aht: float, patience: float, seconds: float) -> ErlangA:
    """M/M/n+M: agents n, traffic a, handle time aht, mean patience, service-level seconds.

    The chain's terms are kept as logarithms relative to π_n, so neither few agents for much
    traffic (terms that grow for a long while) nor many agents for little (Erlang B below
    10^-308) overflows."""
    mu, theta = 1 / aht, 1 / patience
    lam = a * mu
    if lam == 0:
        return ErlangA(wait=0.0, abandon=0.0, level=1.0, mean_wait=0.0, occupancy=0.0)
    b = erlang_b(n, a)
    log_below = -math.log(b) if b > 0 else 745.0  # log Σ_{k≤n} π_k / π_n
    peak = max(0, math.ceil((lam - n * mu) / theta))
    depth = peak + 64
    while True:
        j = np.arange(1, depth + 1)
        logs = np.concatenate(([0.0], np.cumsum(np.log(lam / (n * mu + j * theta)))))
        if logs[-1] < logs.max() - 40:
            break
        depth *= 2
    top = max(log_below, float(logs.max()))
    tail = np.exp(logs - top)  # π_{n+j}, j ≥ 0, in units of e^top · π_n
    below = math.exp(log_below - top)
    total = below - math.exp(-top) + float(tail.sum())  # π_n counted once
    queue = float((np.arange(len(tail)) * tail).sum()) / total
    within = _answered_within(n, mu, theta, seconds, len(tail))
    answered_now = (below - math.exp(-top)) / total  # found a free agent
    abandon = theta * queue / lam
    return ErlangA(
        wait=float(tail.sum()) / total,
        abandon=abandon,
        level=answered_now + float((tail * within).sum()) / total,
        mean_wait=queue / lam,
        occupancy=min(a * (1 - abandon) / n, 1.0),
    )


def _answered_within(n: int, mu: float, theta: float, t: float, depth: int) -> np.ndarray:
    """P(answered within t | j contacts ahead on arrival), j = 0 … depth - 1.

    With i ahead, the line moves at n·μ + i·θ (an agent frees up or someone ahead hangs up) and
    the caller hangs up at θ: a pure-death chain, solved by uniformisation (Poisson-weighted
    steps of the chain with one rate Λ)."""
    ahead = np.arange(depth, dtype=float)
    rate = n * mu + (depth + 1) * theta
    move, quit_ = (n * mu + ahead * theta) / rate, theta / rate
    stay = 1 - move - quit_
    mean = rate * t
    if mean == 0:
        return np.zeros(depth)
    if mean > 20_000:  # hours of waiting: as good as "eventually", which has a closed form
        return np.cumprod((n * mu + ahead * theta) / (n * mu + (ahead + 1) * theta))
    steps = int(mean + 10 * math.sqrt(mean) + 20)
    k = np.arange(steps + 1)
    weights = np.exp(-mean + k * math.log(mean) - np.array([math.lgamma(x + 1) for x in k]))
    served = np.zeros(depth)  # P(served within s steps)
    result = weights[0] * served
    for s in range(1, steps + 1):
        before = np.concatenate(([1.0], served[:-1]))  # one fewer ahead (-1 is "served")
        served = move * before + stay * served
        result += weights[s] * served
    return result


def meets(n: int, a: float, aht: float, target: Target) -> bool:
    """Whether n agents (servers: chats, for a chat queue) meet the target within the cap."""
    if occupancy(n, a) > target.max_occupancy:
        return False
    if target.patience_seconds:
        figures = erlang_a(n, a, aht, target.patience_seconds, target.seconds)
        if target.asa_seconds is not None:
            return figures.mean_wait <= target.asa_seconds
        return figures.level >= target.level
    if n <= a:
        return False
    if target.asa_seconds is not None:
        return asa(n, a, aht) <= target.asa_seconds
    return service_level(n, a, aht, target.seconds) >= target.level


def agents_needed(a: float, aht: float, target: Target) -> int:
    """The smallest agent count meeting the target; 0 for no traffic. Chat: agents each
    handling `concurrency` chats, so servers / concurrency, rounded up."""
    if target.problem():
        raise ImpossibleTarget(target.problem())
    if a <= 0:
        return 0
    if target.patience_seconds:
        servers = _smallest(lambda n: meets(n, a, aht, target), start=1)
    else:
        servers = _erlang_c_walk(a, aht, target)
    return math.ceil(servers / target.concurrency)


def _erlang_c_walk(a: float, aht: float, target: Target) -> int:
    """One pass of the B recursion upward; the first n that meets the target."""
    b, floor_ = 1.0, math.ceil(a / target.max_occupancy - 1e-9)
    for n in range(1, MOST_AGENTS + 1):
        b = a * b / (n + a * b)
        if n <= a or n < floor_:
            continue
        c = _c_from_b(n, a, b)
        if target.asa_seconds is not None:
            ok = c * aht / (n - a) <= target.asa_seconds
        else:
            ok = 1 - c * math.exp(-(n - a) * target.seconds / aht) >= target.level
        if ok:
            return n
    raise ImpossibleTarget("agents")


def _smallest(ok, *, start: int) -> int:
    """The smallest n ≥ start with ok(n), for ok monotone in n: gallop, then bisect."""
    low, high = start, start
    while not ok(high):
        low, high = high + 1, high * 2
        if high > MOST_AGENTS:
            raise ImpossibleTarget("agents")
    while low < high:
        middle = (low + high) // 2
        if ok(middle):
            high = middle
        else:
            low = middle + 1
    return low


def agents_needed_many(a: np.ndarray, aht: np.ndarray, target: Target) -> np.ndarray:
    """`agents_needed` for arrays of traffic and handle time (Erlang C, or Erlang A per
    distinct pair when the target has a patience). Traffic is rounded up to 1/1000 Erlang and
    handle time to the second before the distinct pairs are found: at most one agent more at an
    exact threshold, never one fewer."""
    if target.problem():
        raise ImpossibleTarget(target.problem())
    milli = np.ceil(np.asarray(a, dtype=float) * 1000 - 1e-6).astype(np.int64)
    seconds = np.ceil(np.asarray(aht, dtype=float) - 1e-9).astype(np.int64)
    out = np.zeros(milli.shape, dtype=np.int32)
    busy = milli > 0
    if not busy.any():
        return out
    # one int64 key a pair (traffic in milli-Erlangs, handle time in seconds < 2^24): sorting
    # integers is ten times faster than np.unique over pairs
    keys, where = np.unique((milli[busy] << 24) | seconds[busy], return_inverse=True)
    traffic_, handle = (keys >> 24) / 1000, (keys & 0xFFFFFF).astype(float)
    if target.patience_seconds:
        answers = np.array(
            [agents_needed(x, h, target) for x, h in zip(traffic_, handle, strict=True)],
            dtype=np.int32,
        )
    else:
        answers = -(-_walk_many(traffic_, handle, target) // target.concurrency)
    out[busy] = answers[where.ravel()]
    return out


def _walk_many(a: np.ndarray, aht: np.ndarray, target: Target) -> np.ndarray:
    """The Erlang C walk for many (traffic, aht) pairs at once; each leaves when it is met."""
    answer = np.zeros(a.shape, dtype=np.int32)
    todo = np.arange(len(a))
    b = np.ones(len(a))
    floor_ = np.ceil(a / target.max_occupancy - 1e-9)
    for n in range(1, MOST_AGENTS + 1):
        x, h = a[todo], aht[todo]
        b = x * b / (n + x * b)
        over = n > x
        c = np.where(over, n * b / np.where(over, n - x * (1 - b), 1.0), 1.0)
        gap = np.maximum(n - x, 1e-12)
        if target.asa_seconds is not None:
            ok = c * h / gap <= target.asa_seconds
        else:
            ok = 1 - c * np.exp(-gap * target.seconds / h) >= target.level
        ok &= over & (n >= floor_[todo])
        if ok.any():
            answer[todo[ok]] = n
            keep = ~ok
            todo, b = todo[keep], b[keep]
            if not len(todo):
                return answer
    raise ImpossibleTarget("agents")
