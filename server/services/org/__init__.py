"""The organisation and its people: accounts and sign-in, passwords, the login lockout,
HR/admin user management and the org chart import.

Public surface: `accounts`, `passwords`, `login_throttle`, `users_admin`, `org_import`,
`people` (the one person-dict builder).
"""

__all__ = ["accounts", "login_throttle", "org_import", "passwords", "people", "users_admin"]
