"""API tokens for other systems (issue 17 §1) and the org sync they call (§3).

Public surface: `tokens` (issue, list, revoke, authenticate, record use), `scopes` (what
each scope opens), `org_sync` (the JSON org sync and the leaver rule).
"""

__all__ = ["org_sync", "scopes", "tokens"]
