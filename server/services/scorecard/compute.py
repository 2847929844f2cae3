"""The scorecard's arithmetic, on sums (so a database GROUP BY can feed it).

Every counted answer to a tagged question becomes points on 0–100:
- `rate`: 100 when it passes (100·s reaches the indicator's `pass_at`), else 0 — so the
  mean of the points is the pass rate;
- `mean`: 100·s;
- `duration`: 100 when the raw value is at most `target`, else 0 (the share on time).

An indicator's value for one person or unit and period:
- below `min_n` counted answers in all: "not enough data" (None);
- `pooled`: Σ points / Σ n over every source;
- otherwise the source-weighted mean Σ w·mean_s / Σ w over the sources that have answers
  (a source without answers drops out and the rest renormalise).

Worked example (issue 18): 17 greetings in 20 observed contacts and 9 of 10 mystery-shop
visits: with equal source weights 0.5 × 85 + 0.5 × 90 = 87.5; pooled 26/30 = 86.7.

The scorecard score is Σ W·v / Σ W over the indicators that have a value (weights W from the
dimensions), renormalised like the form score (SPEC §5); None when no indicator has one. The
same rule gives each dimension's score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from server.services.scorecard.definitions import Definitions, Indicator

#: Scores are compared after this tolerance (SPEC §6: exact ties compare equal).
EPSILON = 1e-9


def points(indicator: Indicator, score: float | None, value: float | None) -> float | None:
    """An answer's points on 0–100 for `indicator`, or None when it cannot count."""
    if indicator.measure == "duration":
        if value is None or indicator.target is None:
            return None
        return 100.0 if value <= indicator.target + EPSILON else 0.0
    if score is None:
        return None
    if indicator.measure == "rate":
        return 100.0 if 100.0 * score >= indicator.pass_at - EPSILON else 0.0
    return 100.0 * score


def _bounded(value: float) -> float:
    """A weighted mean of figures on 0–100 is on 0–100; floating-point error is not."""
    return min(100.0, max(0.0, value))


@dataclass(frozen=True)
class Tally:
    """Counted answers of one source: how many and the sum of their points."""

    n: int = 0
    total: float = 0.0

    def add(self, pts: float) -> Tally:
        return Tally(self.n + 1, self.total + pts)

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None


@dataclass(frozen=True)
class IndicatorValue:
    key: str
    value: float | None
    n: int
    by_source: dict[str, Tally] = field(default_factory=dict)

    @property
    def enough(self) -> bool:
        return self.value is not None


def indicator_value(indicator: Indicator, by_source: Mapping[str, Tally]) -> IndicatorValue:
    """The indicator's value from its sources' tallies (sources it does not name are ignored)."""
    used = {s: t for s, t in by_source.items() if s in indicator.sources and t.n}
    n = sum(t.n for t in used.values())
    if n < indicator.min_n:
        return IndicatorValue(indicator.key, None, n, dict(used))
    if indicator.pooled:
        value = sum(t.total for t in used.values()) / n
    else:
        weights = {s: indicator.sources[s] for s in used}
        value = sum(weights[s] * (t.total / t.n) for s, t in used.items()) / sum(weights.values())
    return IndicatorValue(indicator.key, _bounded(value), n, dict(used))


def weighted(weights: Mapping[str, float], values: Mapping[str, IndicatorValue]) -> float | None:
    """Σ W·v / Σ W over the indicators that have a value; None when none has."""
    present = {
        k: (w, v)
        for k, w in weights.items()
        if w > 0 and k in values and (v := values[k].value) is not None
    }
    total = sum(w for w, _ in present.values())
    if not total:
        return None
    return _bounded(sum(w * v for w, v in present.values()) / total)


@dataclass(frozen=True)
class Scorecard:
    score: float | None
    dimensions: dict[str, float | None]
    indicators: dict[str, IndicatorValue]


def scorecard(defs: Definitions, tallies: Mapping[str, Mapping[str, Tally]]) -> Scorecard:
    """The whole scorecard from tallies by indicator, then by source."""
    values = {
        key: indicator_value(ind, tallies.get(key, {})) for key, ind in defs.indicators.items()
    }
    all_weights = {k: w for d in defs.dimensions for k, w in d.weights.items()}
    return Scorecard(
        score=weighted(all_weights, values),
        dimensions={d.key: weighted(d.weights, values) for d in defs.dimensions},
        indicators=values,
    )
