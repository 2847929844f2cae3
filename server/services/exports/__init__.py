"""Raw data exports for HR: answers in long format and a wide per-employee summary.

Public surface: `exports` (which writes CSV and XLSX with `files`), `file_jobs` (the
lifecycle of a job that builds one stored file: the campaign exports of `jobs` and the
personal-data exports of server.services.privacy.export).
"""

__all__ = ["exports", "file_jobs"]
