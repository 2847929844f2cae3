"""Issue 14 §2: the unit summary PDF shows the unit's closed-loop SLA (read back from the PDF),
in the campaign's language; the unit summary dict carries the figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from server.extensions import db
from server.services.reviews.unit_summary import build_unit_summary
from tests.loop_world import loop_world, make_item
from tests.test_reports_render import pdf_text, squash

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=100)


def h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def _world() -> dict[str, Any]:
    w = loop_world()
    make_item(w, T0, acknowledged_at=h(0.5), responded_at=h(10), planned_at=h(30),
              closed_at=h(50), status="closed")  # fmt: skip
    make_item(w, T0, acknowledged_at=h(2), responded_at=h(20), planned_at=h(60),
              closed_at=h(80), status="closed")  # fmt: skip
    make_item(w, T0)
    return w


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", ["Closed loop: on time", "Action items: 3, closed: 2",
                "Median time to close: 65.0 h", "Open and overdue: 1", "Acknowledge", "1 / 3",
                "33 %", "67 %"]),
        ("zh-CN", ["闭环处理：按时情况", "改进事项：3项，已关闭：2项", "关闭用时中位数：65.0小时",
                   "未关闭且已逾期：1项"]),
    ],
)  # fmt: skip
def test_unit_summary_pdf_shows_the_sla(
    app: Flask, hr_client: Any, locale: str, words: list[str]
) -> None:
    w = _world()
    w["campaign"].report_locale = locale
    db.session.commit()
    summary = build_unit_summary(db.session, w["campaign"].id, w["unit"].id)
    assert summary["action_sla"]["items"] == 3
    assert summary["action_sla"]["stages"]["ack"] == {"due": 3, "on_time": 1, "share": 1 / 3}
    url = f"/api/v1/campaigns/{w['campaign'].id}/units/{w['unit'].id}/summary.pdf"
    resp = hr_client.get(url)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    text = squash(pdf_text(resp.data))
    for word in words:
        assert squash(word) in text, word
