"""Who is named service star (pure rules, no database).

Eligible: a score for the period and at least `min_observations` observations.
Order (the documented tie rule): higher score first (compared after rounding to 1e-9, SPEC
§6), then more observations. Rank = 1 + the number of eligible colleagues strictly ahead in
that order, so an exact tie on both shares a rank. Stars are the eligible with rank ≤ the
configured count: everybody tied at the last place is named, so there are more stars than the
count only when exactly tied. Never decided by id or name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from server.services.scoring.derived import comparable
from server.services.stars.score import Observed


@dataclass(frozen=True)
class Star:
    user_id: int
    rank: int
    score: float
    n: int


def _key(o: Observed) -> tuple[float, int]:
    return (comparable(o.score), o.n)


def eligible(scores: Mapping[int, Observed], min_observations: int) -> dict[int, Observed]:
    return {u: o for u, o in scores.items() if o.n >= min_observations}


def stars(scores: Mapping[int, Observed], count: int, min_observations: int) -> list[Star]:
    """The unit's stars in rank order (ties by user id only for a stable listing)."""
    pool = eligible(scores, min_observations)
    keys = {u: _key(o) for u, o in pool.items()}
    out = []
    for user, o in pool.items():
        rank = 1 + sum(1 for other in keys.values() if other > keys[user])
        if rank <= count:
            out.append(Star(user, rank, o.score, o.n))
    return sorted(out, key=lambda s: (s.rank, s.user_id))


def unit_figure(scores: Mapping[int, Observed]) -> float | None:
    """A unit's league figure: the mean period score of its scored employees."""
    if not scores:
        return None
    return sum(o.score for o in scores.values()) / len(scores)


def trend(current: float | None, previous: float | None) -> str | None:
    """ "up", "down" or "same" against the previous period (None when either is missing)."""
    if current is None or previous is None:
        return None
    a, b = comparable(current), comparable(previous)
    return "up" if a > b else "down" if a < b else "same"
