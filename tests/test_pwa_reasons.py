"""Every per-question reason code the server can give a sync item has words in the PWA
(both languages), so the outbox never shows a bare code to a shopper."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def server_reasons() -> set[str]:
    answers = (ROOT / "server/services/answers.py").read_text(encoding="utf-8")
    sync = (ROOT / "server/services/sync.py").read_text(encoding="utf-8")
    found = set(re.findall(r'return "([a-z_]+)"', answers))
    found |= set(re.findall(r'errors\[qid\] = "([a-z_]+)"', answers))
    found |= set(re.findall(r'\{"staff_id": "([a-z_]+)"\}', sync))
    return found


def pwa_reasons() -> dict[str, set[str]]:
    text = (ROOT / "pwa/src/i18n.js").read_text(encoding="utf-8")
    zh_start = text.index("'zh-CN': {")
    return {
        "en": set(re.findall(r"^\s+reason_([a-z_]+):", text[:zh_start], re.M)),
        "zh-CN": set(re.findall(r"^\s+reason_([a-z_]+):", text[zh_start:], re.M)),
    }


def test_every_server_reason_has_pwa_words() -> None:
    reasons = server_reasons()
    assert {"required", "range", "type", "option", "not_unit_staff"} <= reasons  # scan works
    for locale, known in pwa_reasons().items():
        assert reasons <= known, (locale, sorted(reasons - known))
