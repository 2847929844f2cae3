"""Raw data exports for HR: answers in long format and a wide per-employee summary.

Public surface: `exports`.
"""

__all__ = ["exports"]
