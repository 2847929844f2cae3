"""Scores and the figures built on them (SPEC §5, §6): one submission's scores, which
submissions count, aggregation into review rows, anonymity, derived figures.

Public surface: `scoring`, `counting`, `aggregation`, `anonymity`, `derived`. `scoring` uses
the scorer table of `question_scores`; `aggregation` the item statistics of `item_stats`.
"""

__all__ = ["aggregation", "anonymity", "counting", "derived", "scoring"]
