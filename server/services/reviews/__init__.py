"""Reviews (SPEC §6, §9): the review data, its sections, who may read it, and the PDFs
(one or a whole campaign in parallel).

Public surface: `access` (who may read a review: `may_read_review`), `review` (the review
dict), `reports` (reading a review or unit summary as data or PDF, audited), `batch` (a
campaign's PDFs), `unit_summary` (a unit's one-page summary; `review` offers it too). The
review dict's parts are built by `review_sections` (rows, items, gaps, top/bottom), `trend`,
`mystery_shop`, `feedback` (customer block, comments) and `action_items`; `blocks` holds
what the review and the unit summary share.
"""

__all__ = ["access", "batch", "reports", "review", "unit_summary"]
