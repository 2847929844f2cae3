"""The closed loop (SPEC §3): action items for failed critical items and bottom-scale
customer ratings.

Public surface: `actions` (which opens items with `opening` and finds owners with `owners`).
"""

__all__ = ["actions"]
