"""The demo: a bilingual organisation and campaigns built through the ordinary services.
A fixture of the product (used by `flask demo` and tests), not a rule: no service
imports it.

Public surface: `demo_org` (the organisation and logins), `demo_data` (the campaigns),
`demo_answers` (plausible answers for any form). `demo_open` and `demo_mixed` are parts
of `demo_data`; `demo_kit` holds the building blocks they share (imports none of them).
"""

__all__ = ["demo_answers", "demo_data", "demo_org"]
