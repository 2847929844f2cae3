"""SPEC §10 the PWA: Every reason and item code the server can give a refused sync item has words in
the PWA (both languages), so the outbox never shows a bare code or a stale language to a shopper."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def server_reasons() -> set[str]:
    answers = (ROOT / "server/services/forms/answers.py").read_text(encoding="utf-8")
    sync = (ROOT / "server/services/sync/sync.py").read_text(encoding="utf-8")
    found = set(re.findall(r'return "([a-z_]+)"', answers))
    found |= set(re.findall(r'errors\[qid\] = "([a-z_]+)"', answers))
    found |= set(re.findall(r'\{"staff_id": "([a-z_]+)"\}', sync))
    found |= set(re.findall(r'invalid\(raw_id, \{"[a-z_]+": "([a-z_]+)"\}\)', sync))
    return found


def server_item_codes() -> set[str]:
    """Codes of refused sync items: invalid, conflict and forbidden with their variants."""
    sync = (ROOT / "server/services/sync/sync.py").read_text(encoding="utf-8")
    found = {"invalid", "forbidden"}
    found |= set(re.findall(r'forbidden\([\w.]*raw_id, "([a-z_]+)"', sync))
    found |= set(re.findall(r'"conflict",\s+"([a-z_]+)"', sync))
    return found


def pwa_words(prefix: str) -> dict[str, set[str]]:
    """Keys `field.<prefix>.<code>` of the field app's catalogue, per language."""
    pattern = rf"^\s+'field\.{prefix}\.([a-z_]+)':"
    return {
        locale: set(
            re.findall(
                pattern,
                (ROOT / f"pwa/src/i18n/{locale}/field.js").read_text(encoding="utf-8"),
                re.M,
            )
        )
        for locale in ("en", "zh-CN")
    }


def test_every_server_reason_has_pwa_words() -> None:
    reasons = server_reasons()
    assert {"required", "range", "option", "not_unit_staff", "not_rejected"} <= reasons
    for locale, known in pwa_words("reason").items():
        assert reasons <= known, (locale, sorted(reasons - known))


def test_every_refused_item_code_has_pwa_words() -> None:
    codes = server_item_codes()
    assert {"conflict", "already_submitted", "campaign_not_open"} <= codes  # the scan works
    for locale, known in pwa_words("item_code").items():
        assert codes <= known, (locale, sorted(codes - known))
