"""Recurring cycles (issue 14 §3): campaign templates, the campaign of each period, the
daily self-check's month grid, streaks and completion.

Public surface: `recurrence` (calendar periods), `templates` (HR's CRUD), `materialise`
(one period's campaign, exactly once), `runner` (what the scheduler does at a moment),
`grid` (the month grid, streaks, completion per unit). The one-submission-per-local-day
rule itself is in server.services.sync.daily (the write path), which this package may read.
"""

__all__ = ["grid", "materialise", "recurrence", "runner", "templates"]
