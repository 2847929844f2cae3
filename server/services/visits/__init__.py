"""Mystery-shop visits: creation by HR, the review queue and one submission's detail.

Public surface: `visits` (which uses `evidence`, the reviewer's evidence checks), `review_queue`.
"""

__all__ = ["review_queue", "visits"]
