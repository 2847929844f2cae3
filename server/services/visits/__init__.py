"""Mystery-shop visits: creation by HR, the review queue and one submission's detail.

Public surface: `visits`, `review_queue`.
"""

__all__ = ["review_queue", "visits"]
