"""Service stars (服务标兵) and the league table of units (issue 14 §5).

Public surface: `score` (the period's score: the one score source, `period_scores`),
`selection` (who is a star: eligibility, the tie rule, ranks; a unit's figure, trends),
`periods` (month/quarter keys), `compute` (a period computed once and stored, `run_due` for
the periodic action in server/tasks/stars.py), `read` (stored stars and league for the APIs,
the unit summary and the exports).
"""

__all__ = ["compute", "periods", "read", "score", "selection"]
