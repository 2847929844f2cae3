"""Reviews (SPEC §6, §9): the review data, its sections, who may read it, and the PDFs
(one or a whole campaign in parallel).

Public surface: `review` (the review dict), `reports` (access, PDFs, audit), `batch`
(a campaign's PDFs). `review_sections` builds parts of the review dict.
"""

__all__ = ["batch", "reports", "review"]
