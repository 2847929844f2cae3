"""The HR dashboard (issue 15): one campaign's units ranked, the score distribution, the
competency heat map by unit, completion, and the trend over earlier cycles of the same
kind. Public surface: `dashboard.build_dashboard`.
"""

__all__ = ["dashboard"]
