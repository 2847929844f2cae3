"""Helpers of the personal-data tests: every review of the database, and scans of the
database, the object store and files (PDF text, ZIP members) for a person's identity."""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, String, Text, select

from server.extensions import db
from server.models import Campaign
from server.services.reviews import reports, review


def every_review() -> dict[tuple[int, int, str], dict[str, Any]]:
    """Every review of every campaign, for both audiences (the day it was built left out)."""
    out = {}
    for campaign_id in db.session.scalars(select(Campaign.id).order_by(Campaign.id)):
        for employee_id in reports.subject_ids(db.session, campaign_id):
            for audience in ("employee", "hr"):
                data = review.build_review(db.session, campaign_id, employee_id, audience=audience)
                data.pop("generated_at")
                out[(campaign_id, employee_id, audience)] = json.loads(
                    json.dumps(data, default=str)
                )
    db.session.rollback()
    return out


def found_in(text: str, terms: list[str]) -> list[str]:
    """The terms in `text`, case-folded, each as a whole token: not inside a longer run of
    letters and digits (an employee number "E1004" inside a random hex digest is chance,
    not a trace; "E1004," or "review-E1004.pdf" is)."""
    folded = text.casefold()
    return [
        t
        for t in terms
        if t and re.search(rf"(?<![0-9a-z]){re.escape(t.casefold())}(?![0-9a-z])", folded)
    ]


def scan_database(terms: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, term) for every text or JSON cell of every table holding a term."""
    hits = []
    for table in db.metadata.sorted_tables:
        cols = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if not cols:
            continue
        for row in db.session.execute(select(*cols)).all():
            for col, value in zip(cols, row, strict=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                hits += [(table.name, col.name, t) for t in found_in(text, terms)]
    db.session.rollback()
    return hits


def pdf_text(body: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-q", "-", "-"], input=body, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8", "replace")


def file_text(name: str, body: bytes) -> str:
    """The readable text of a stored file: PDF text, ZIP members, else the bytes as UTF-8."""
    if body.startswith(b"%PDF"):
        return pdf_text(body)
    if name.endswith(".zip") or body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            return "\n".join(file_text(n, zf.read(n)) for n in zf.namelist())
    return body.decode("utf-8", "ignore")


def scan_storage(root: Path, terms: list[str]) -> list[tuple[str, str]]:
    """(key, term) for every object under `root` whose text holds a term."""
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = file_text(path.name, path.read_bytes())
        hits += [(str(path.relative_to(root)), t) for t in found_in(text, terms)]
    return hits


def mail_text(raw: bytes) -> str:
    """Everything readable in a stored message: its bytes, its headers decoded (RFC 2047)
    and each text part decoded from its transfer encoding and charset."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    out = [raw.decode("utf-8", "ignore"), *(f"{k}: {v}" for k, v in message.items())]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            out.append(str(part.get_content()))  # type: ignore[attr-defined]
    return "\n".join(out)


def scan_mail(folder: Path, terms: list[str]) -> list[tuple[str, str]]:
    """(file, term) for every file of the mail folder whose text holds a term."""
    if not folder.is_dir():
        return []
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hits += [(path.name, t) for t in found_in(mail_text(path.read_bytes()), terms)]
    return hits


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """The path and values of the first place where `a` and `b` differ (for messages)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            found = first_difference(a.get(k), b.get(k), f"{path}/{k}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"[:600]
