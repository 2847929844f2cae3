"""Personal-data rights and retention (issue 17 §4-5).

Public surface: `policy` (the retention kinds, their default periods, the settings check),
`collect` (everything stored about one person, as plain data), `export` (the person's ZIP
of JSON + review PDFs, built as a queued job), `erasure` (pseudonymise one person, remove
the photos of and by them, keep every aggregate), `retention` (the periodic sweep of what is
past its period, with its report).
"""

__all__ = ["collect", "erasure", "export", "policy", "retention"]
