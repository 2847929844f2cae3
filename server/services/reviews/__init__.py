"""Reviews (SPEC §6, §9): the review data, its sections, who may read it, and the PDFs
(one or a whole campaign in parallel).

Public surface: `access` (who may read a review: `may_read_review`), `review` (the review
dict), `reports` (reading a review or unit summary as data or PDF, audited), `batch` (a
campaign's PDFs). `review_sections` builds parts of the review dict.
"""

__all__ = ["access", "batch", "reports", "review"]
