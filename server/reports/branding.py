"""The company's name and logo printed on the PDF reports (Config COMPANY_NAME, COMPANY_LOGO).

`configure` is called when the app is created. The values travel in the process environment,
so the helper processes that lay out PDFs (server.reports.offload, started later from a fresh
interpreter) print the same brand. The logo is embedded as a data URI; an unreadable file is
left out rather than failing a review.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

NAME_VAR = "SERVEVAL_COMPANY_NAME"
LOGO_VAR = "SERVEVAL_COMPANY_LOGO"
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def configure(name: str | None, logo: str | None) -> None:
    """Record the brand for this process and the processes it starts."""
    os.environ[NAME_VAR] = name or ""
    os.environ[LOGO_VAR] = str(logo or "")


def company_name() -> str:
    """The company's name, or an empty string."""
    return os.environ.get(NAME_VAR, "").strip()


def _logo_bytes() -> tuple[bytes, str] | None:
    path = Path(os.environ.get(LOGO_VAR, "").strip())
    mime = _MIME.get(path.suffix.lower())
    if not path.name or mime is None:
        return None
    try:
        return path.read_bytes(), mime
    except OSError:
        return None


def logo_uri() -> str | None:
    """The logo as a data URI, or None."""
    found = _logo_bytes()
    if found is None:
        return None
    data, mime = found
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def fingerprint() -> str:
    """What the brand adds to a stored PDF's key (a new name or logo renders again)."""
    found = _logo_bytes()
    digest = hashlib.sha256(company_name().encode())
    digest.update(found[0] if found else b"")
    return digest.hexdigest()
