"""The organisation and its people: accounts and sign-in, passwords, the login lockout,
HR/admin user management and the org chart import.

Public surface: `accounts`, `passwords`, `login_throttle`, `users_admin`, `org_import` (which
reads the upload with `org_file` and validates it with `org_checks`).
"""

__all__ = ["accounts", "login_throttle", "org_import", "passwords", "users_admin"]
