"""The organisation and its people: accounts and sign-in, one-time account links (password
reset, invitation), passwords, the login lockout, HR/admin user management and the org chart
import.

Public surface: `accounts`, `account_tokens`, `passwords`, `login_throttle`, `users_admin`,
`org_import` (which reads the upload with `org_file` and validates it with `org_checks`),
`people` (the one person-dict builder).
"""

__all__ = [
    "account_tokens",
    "accounts",
    "login_throttle",
    "org_import",
    "passwords",
    "people",
    "users_admin",
]
