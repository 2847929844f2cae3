"""Forms (SPEC §4): definitions, their defaults and skip logic, and answer validation.

Public surface: `forms` (load, normalise, fingerprint, version; re-exports the skip logic),
`show_if` (JsonLogic `show_if` rules), `answers` (a submission's answers against its pinned
form version). `form_normalise` is the defaults filler behind `forms.normalise`.
"""

__all__ = ["answers", "forms", "show_if"]
