"""The closed loop (SPEC §3): action items for failed critical items and bottom-scale
customer ratings.

Public surface: `actions`.
"""

__all__ = ["actions"]
