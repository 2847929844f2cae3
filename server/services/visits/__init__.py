"""Mystery-shop visits: creation by HR, the review queue and one submission's detail.

Public surface: `visits` (which uses `evidence`, the reviewer's evidence checks), `review_queue`,
and the review timers (issue 14 §4): `timers` (the periodic steps), `timer_state` (what the
timers did or will do, for HR and the shopper), `notices` (what the shopper and HR are told).
"""

__all__ = ["notices", "review_queue", "timer_state", "timers", "visits"]
