"""Issue 14 §4 visit notifications: every notice the timers and the review send has a title
and body in both languages, filled from its params (the unit's name in the reader's
language), for notif's renderer (server/services/notifications/visit_texts.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.messages import has_translation, localize, placeholders
from server.models import Notification
from server.services.notifications.visit_texts import VISIT_TEXTS, text_key, text_params
from tests.timers_scene import T0, hr_return, report, run, scene

H = timedelta(hours=1)


@pytest.mark.parametrize("key", sorted(VISIT_TEXTS))
def test_every_visit_text_is_translated(app, key):
    for msgid in VISIT_TEXTS[key].values():
        assert has_translation(msgid, "zh-CN"), msgid
        assert placeholders(msgid) <= {"unit", "reason", "hours", "fires_at"}


def test_every_notice_sent_renders_in_both_languages(app):
    from server.extensions import db

    s = scene()
    sub = report(s, T0)
    hr_return(s, sub, T0 + H, "The receipt photo is missing")
    run(T0 + 20 * H)
    run(T0 + 26 * H)
    esc = scene({"review_timeout": "escalate"})
    report(esc, T0)
    run(T0 + 60 * H)
    run(T0 + 72 * H)
    acc = scene()
    report(acc, T0 + 100 * H)
    run(T0 + 172 * H)
    kinds = set()
    for note in db.session.query(Notification):
        key = text_key(note.kind, note.params)
        assert key is not None, (note.kind, note.params)
        kinds.add(key)
        for locale, unit in (("en", "Store 12"), ("zh-CN", "十二号店")):
            values = text_params(note.params, locale)
            body = localize(VISIT_TEXTS[key]["body"], values, locale)
            assert unit in body and "{" not in body
    assert {
        "visit_returned",
        "visit_auto_rejected",
        "visit_auto_accepted",
        "visit_review_escalated",
        "review_timer:auto_reject_after_hours",
        "review_timer:escalate_after_hours",
    } <= kinds
    zh = localize(
        VISIT_TEXTS["visit_auto_accepted"]["body"],
        text_params({"unit": {"en": "A", "zh-CN": "甲店"}, "hours": 72.0}, "zh-CN"),
        "zh-CN",
    )
    assert zh == "您对甲店的报告已按规则自动通过：72 小时内无人审核。"
