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
meets the target, so the cost is the sum of the answers, not of the intervals. In bulk, Erlang
A uses its closed form in incomplete gamma functions (`erlang_a_many`, scipy) instead of the
chain, and answers each distinct handle time for every agent count at once (`_erlang_a_many`).
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import gammainc, gammaincc, gammaln

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


def erlang_a_many(
    n: np.ndarray, a: np.ndarray, aht: np.ndarray, patience: float, seconds: float
) -> tuple[np.ndarray, np.ndarray]:
    """Erlang A's service level and abandoned share for arrays of agents, traffic and handle
    time, in closed form (the chain of `erlang_a` summed analytically; the tests hold the two
    together). With x = n·patience/aht and y = A·patience/aht, and P the regularised lower
    incomplete gamma function:

    - the tail of the chain beyond n agents, relative to π_n: T = Γ(x+1)·P(x, y)·e^y·y^-x,
      below it 1/B - 1 (Erlang B, itself a Poisson pmf over its cdf); P(wait) = T / (1/B - 1 + T);
    - a waiting caller's offered wait V has P(V > t | V > 0) = P(x, y·e^-θt) / P(x, y), and is
      answered when patience outlasts it: P(answered within t | wait)
      = x·(P(x+1, y) - P(x+1, y·e^-θt)) / (y·P(x, y)); t → ∞ gives the share not abandoning.
    """
    n, a, aht = np.broadcast_arrays(
        np.asarray(n, dtype=float), np.asarray(a, dtype=float), np.asarray(aht, dtype=float)
    )
    level, abandon = np.ones(n.shape), np.zeros(n.shape)
    busy = a > 0
    if not busy.any():
        return level, abandon
    n, a, aht = n[busy], a[busy], aht[busy]
    x, y = n * patience / aht, a * patience / aht
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        cdf = gammaincc(n + 1, a)  # P(Poisson(A) ≤ n)
        log_b = n * np.log(a) - a - gammaln(n + 1) - np.log(cdf)
        # far fewer agents than Erlangs: the cdf underflows, and B is 1 - n/A to first order
        b = np.where(cdf > 0, np.exp(np.minimum(log_b, 0.0)), np.clip(1 - n / a, 1e-300, 1))
        below = 1 / b - 1
        p_xy = gammainc(x, y)
        log_tail = gammaln(x + 1) + np.log(p_xy) + y - x * np.log(y)
        wait = np.where(p_xy > 0, 1 / (1 + below * np.exp(-log_tail)), 0.0)
        wait = np.where(n == 0, 1.0, wait)
        scale = x / (y * p_xy)
        kept = np.where(p_xy > 0, scale * gammainc(x + 1, y), 1.0)
        within = scale * (gammainc(x + 1, y) - gammainc(x + 1, y * math.exp(-seconds / patience)))
        within = np.where(p_xy > 0, within, 1.0)
        # very patient callers (x in the hundred thousands): P(x, y) underflows while the tail
        # T does not; there the tail's series is summed (its terms fall fast when P is tiny)
        far = p_xy < 1e-250
        if far.any():
            wait[far], kept[far], within[far] = _by_series(
                x[far], y[far], below[far], seconds / patience
            )
    level[busy] = np.clip(1 - wait + wait * within, 0, 1)
    abandon[busy] = np.clip(wait * (1 - kept), 0, 1)
    return level, abandon


def _by_series(x: np.ndarray, y: np.ndarray, below: np.ndarray, theta_t: float) -> tuple:
    """P(wait), the share of waiting callers not hanging up, and of them answered within t,
    from the tail T(z) = Σ_j Π_{i≤j} z / (x + i) (Kummer's ₁F₁(1; x+1; z)) at z = y and
    z = y·e^-θt, using P(x+1, z) = P(x, z)·(1 - 1/T(z)) and
    P(x, z) = T(z)·z^x·e^-z / Γ(x+1)."""
    later = y * math.exp(-theta_t)
    t_now, t_later = _tail(x, y), _tail(x, later)
    wait = t_now / (below + t_now)
    kept = x / y * (1 - 1 / t_now)
    ratio = t_later / t_now * np.exp(-x * theta_t + y - later)  # P(x, y e^-θt) / P(x, y)
    within = x / y * ((1 - 1 / t_now) - (1 - 1 / t_later) * ratio)
    return wait, kept, within


def _tail(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Σ_{j≥0} Π_{i=1..j} z / (x + i), summed until the terms fall below e^-40 of the first."""
    total, log_term, i = np.ones(len(x)), np.zeros(len(x)), 0
    while True:
        steps = np.arange(i + 1, i + 257)
        logs = log_term[:, None] + np.cumsum(np.log(z[:, None] / (x[:, None] + steps)), axis=1)
        total += np.exp(logs).sum(axis=1)
        log_term, i = logs[:, -1], i + 256
        if (log_term < -40).all() or i > 1_000_000:
            return total


def _meets_a(n: np.ndarray, a: np.ndarray, aht: np.ndarray, target: Target) -> np.ndarray:
    """`meets` for arrays, Erlang A in closed form. The occupancy cap is on the offered traffic,
    as in `meets` (the contacts that hang up are not subtracted: the cautious reading)."""
    level, abandon = erlang_a_many(n, a, aht, target.patience_seconds, target.seconds)
    ok = np.minimum(a, n) <= target.max_occupancy * n  # min(A / n, 1) ≤ cap, as `occupancy`
    if target.asa_seconds is not None:
        return ok & (abandon * target.patience_seconds <= target.asa_seconds)
    return ok & (level >= target.level)


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
        servers = _erlang_a_many(keys >> 24, handle, target)
    else:
        servers = _walk_many(traffic_, handle, target)
    out[busy] = (-(-servers // target.concurrency))[where.ravel()]
    return out


def _erlang_a_many(milli: np.ndarray, handle: np.ndarray, target: Target) -> np.ndarray:
    """The smallest agent count for each distinct (traffic in milli-Erlangs, handle time).

    Per distinct handle time h, the most traffic n agents can take, for n = 1 up to what the
    largest traffic with h needs (`_capacity`); then each pair's answer is a binary search
    in its h's capacities. Bulk forecasts have a few hundred handle times against thousands of
    traffic values, so this evaluates the formula some hundred times less often than searching
    each pair. When the pairs are few (a what-if of a week), each pair is searched instead."""
    handles, which = np.unique(handle, return_inverse=True)
    which = which.ravel()
    most = np.zeros(len(handles), dtype=np.int64)
    np.maximum.at(most, which, milli)
    top = _smallest_many(most / 1000, handles, target)  # agents the busiest interval needs
    grid = int(top.sum())
    if grid * 20 > len(milli) * (2 * math.log2(max(int(top.max()), 2)) + 4):
        return _smallest_many(milli / 1000, handle, target)
    h = np.repeat(handles, top)
    n = np.concatenate([np.arange(1, t + 1) for t in top])
    capacity = _capacity(n, h, target)  # milli-Erlangs, rising with n for each h
    starts = np.concatenate(([0], np.cumsum(top)[:-1]))
    answers = np.empty(len(milli), dtype=np.int64)
    for i, start in enumerate(starts):
        # rising by the maths; taken as the least of the larger counts' in case rounding
        # ever made it dip, so an answer can only be cautious
        mine = np.minimum.accumulate(capacity[start : start + top[i]][::-1])[::-1]
        answers[which == i] = 1 + np.searchsorted(mine, milli[which == i], side="left")
    return answers


def _smallest_many(a: np.ndarray, aht: np.ndarray, target: Target) -> np.ndarray:
    """The smallest n meeting the target for each (traffic, aht): gallop, then bisect, all
    pairs together (meeting is monotone in n)."""
    low = np.zeros(len(a), dtype=np.int64)  # fails (no agents for some traffic)
    high = np.maximum(np.ceil(a / target.max_occupancy - 1e-9), 1).astype(np.int64)
    todo = ~_meets_a(high, a, aht, target)
    while todo.any():
        low[todo], high[todo] = high[todo], high[todo] * 2
        if (high > MOST_AGENTS).any():
            raise ImpossibleTarget("agents")
        todo[todo] = ~_meets_a(high[todo], a[todo], aht[todo], target)
    todo = high - low > 1
    while todo.any():
        middle = (low[todo] + high[todo]) // 2
        ok = _meets_a(middle, a[todo], aht[todo], target)
        high[todo] = np.where(ok, middle, high[todo])
        low[todo] = np.where(ok, low[todo], middle)
        todo = high - low > 1
    return high


def _capacity(n: np.ndarray, aht: np.ndarray, target: Target) -> np.ndarray:
    """The most traffic (milli-Erlangs) n agents take meeting the target, per (n, aht): gallop,
    then bisect on the milli-Erlang grid of the traffic (meeting is monotone in traffic)."""
    low = np.zeros(len(n), dtype=np.int64)  # meets (no traffic)
    high = np.ceil(n * 1000 / target.max_occupancy).astype(np.int64) + 1000
    todo = _meets_a(n, high / 1000, aht, target)
    while todo.any():
        low[todo], high[todo] = high[todo], high[todo] * 2
        # an ASA target above the patience is met by any traffic: no end to gallop towards
        todo[todo] = _meets_a(n[todo], high[todo] / 1000, aht[todo], target) & (high[todo] < 2**50)
    todo = high - low > 1
    while todo.any():
        middle = (low[todo] + high[todo]) // 2
        ok = _meets_a(n[todo], middle / 1000, aht[todo], target)
        low[todo] = np.where(ok, middle, low[todo])
        high[todo] = np.where(ok, high[todo], middle)
        todo = high - low > 1
    return low


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
