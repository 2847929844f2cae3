"""Raw data exports for HR: answers in long format and a wide per-employee summary.

Public surface: `exports` (which writes CSV and XLSX with `files`).
"""

__all__ = ["exports"]
