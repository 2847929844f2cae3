"""The PDF review as a person reads it (issue 15): text read back from real PDFs.

Footnotes say why a figure is missing ("not asked" vs "too few responses"), no jargon
(r_wg), a rank that makes sense in a small unit, one peers row when nobody else pools with
them, the job title in the report's language, the company's name, a tagged PDF (PDF/UA),
the acknowledgement and the plan, dates never shifted by a time zone, a page budget.
"""

from __future__ import annotations

import copy
import io
from datetime import UTC, date, datetime, time, timedelta, timezone

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.reports import branding, render
from server.reports.i18n import fmt_date
from server.reports.review_extras import job_title, rank_lines
from tests.fixtures_reports import sample_review

#: Pages a full sample review may take (before issue 15: 9 with a blank plan page).
PAGE_BUDGET = 8


def pdf(review, **kw) -> bytes:
    return render.render_review_pdf(review, draft=False, **kw)


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def en_review():
    r = sample_review("en")
    r["employee"]["job_title"] = "Team Lead / 组长"
    r["acknowledgement"] = {"acknowledged_at": "2027-01-05T10:00:00+00:00", "comment": "Noted."}
    r["plan"] = {
        "updated_at": "2027-01-05T10:00:00+00:00",
        "goals": [
            {
                "focus": "x",
                "label": {"en": "Greets guests", "zh-CN": "主动问候"},
                "goal": "Greet within ten seconds",
                "actions": "Practise daily",
                "due": "2027-06-30",
                "measure": "Others rate it 4+",
                "baseline": 50.0,
            }
        ],
    }
    return r


@pytest.fixture(scope="module")
def en_pdf(en_review):
    branding.configure("Acme Hotels", "")
    try:
        return pdf(en_review)
    finally:
        branding.configure("", "")


def test_text_speaks_plainly(en_pdf):
    text = text_of(en_pdf)
    assert "r_wg" not in text
    assert "Team Lead" in text and "组长" not in text
    assert "Acme Hotels" in text
    assert "Noted." in text and "Greet within ten seconds" in text and "30 Jun 2027" in text
    assert "Signature" not in text  # the blank paper page is gone


def test_pdf_is_tagged(en_pdf):
    root = pypdf.PdfReader(io.BytesIO(en_pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"


def test_page_budget(en_pdf):
    assert len(pypdf.PdfReader(io.BytesIO(en_pdf)).pages) <= PAGE_BUDGET


def test_footnote_says_not_asked_or_too_few():
    r = sample_review("en")
    keys = [c["key"] for c in r["competencies"]]
    items = [i["id"] for i in r["items"]]
    # self's form asks no question of the first competency; the others were asked everything
    r["asked"] = {
        row["key"]: (keys[1:] if row["key"] == "self" else keys) + items for row in r["rows"]
    }
    for row in r["rows"]:
        if row["key"] == "self":
            row["competencies"].pop(keys[0], None)
    text = text_of(pdf(r))
    assert "n/a: not asked of this group" in text
    r2 = sample_review("en")
    everything = [c["key"] for c in r2["competencies"]] + [i["id"] for i in r2["items"]]
    r2["asked"] = {row["key"]: everything for row in r2["rows"]}
    assert "not asked of this group" not in text_of(pdf(r2))


@pytest.mark.parametrize(
    ("rank", "want", "unwanted"),
    [
        ({"rank": 2, "of": 2, "percentile": 0.0}, "2 of 2 in the unit", "%"),
        ({"rank": 3, "of": 11, "percentile": 80.0}, "higher than 8 of the 10 other", "%"),
    ],
)
def test_rank_words(rank, want, unwanted):
    lines = " ".join(rank_lines(rank, "en"))
    assert want in lines and unwanted not in lines


def test_small_unit_rank_in_pdf():
    r = sample_review("en")
    r["rank"] = {"rank": 2, "of": 2, "percentile": 0.0}
    text = text_of(pdf(r))
    assert "2 of 2 in the unit" in text and "above 0" not in text and "0%" not in text


def test_identical_peer_rows_printed_once():
    r = sample_review("en")
    rows = {row["key"]: row for row in r["rows"]}
    rows["peer"].update(visible=True, n=4, hidden_reason=None)
    rows["peer"]["competencies"] = copy.deepcopy(rows["others"]["competencies"])
    rows["colleagues"].update(visible=True, n=4, hidden_reason=None)
    rows["colleagues"]["competencies"] = copy.deepcopy(rows["others"]["competencies"])
    rows["subordinate"].update(visible=False, n=0, hidden_reason={"code": "no_responses"})
    text = text_of(pdf(r))
    assert "Peers and direct reports" not in text
    html = render.render_review_html(r, draft=False)
    assert html.count("row_colleagues") == 0


@pytest.mark.parametrize(
    ("stored", "locale", "shown"),
    [
        ("Team Lead / 组长", "en", "Team Lead"),
        ("Team Lead / 组长", "zh-CN", "组长"),
        ("店长", "en", "店长"),
        ("Store Manager", "zh-CN", "Store Manager"),
    ],
)
def test_job_title_in_one_language(stored, locale, shown):
    assert job_title(stored, locale) == shown


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
    at=st.sampled_from([time(0, 0), time(12, 0), time(23, 59, 59)]),
)
def test_a_date_never_shifts_with_the_time_zone(day, minutes, at):
    """A calendar date (or a server time on it, in UTC) prints as that day in any offset."""
    moment = datetime.combine(day, at, tzinfo=UTC)
    offset = timezone(timedelta(minutes=minutes))
    for locale in ("zh-CN", "en"):
        want = fmt_date(day.isoformat(), locale)
        assert fmt_date(moment.astimezone(offset).isoformat(), locale) == want
        assert fmt_date(moment.astimezone(offset), locale) == want
    assert fmt_date("2027-06-30", "zh-CN") == "2027年6月30日"


def test_qr_card_url_is_8pt_and_away_from_the_cut_line(app):
    """The URL is printed at 8 pt or more, at least 5 mm inside the card's dashed edge."""
    from server.extensions import db
    from server.services.campaigns import customer_links
    from tests.factories import make_campaign
    from tests.worlds import make_team

    make_team(2)
    campaign = make_campaign("customer", name={"en": "Spring survey", "zh-CN": "春季满意度"})
    customer_links.issue_links(db.session, None, campaign, {})
    data = customer_links.cards_data(db.session, campaign, "https://eval.example/")
    page = pypdf.PdfReader(io.BytesIO(customer_links.render_cards_pdf(data))).pages[0]
    sizes: list[tuple[float, float, float]] = []

    def visit(text, cm, tm, font, size):
        if "eval.example" in text or "/c/" in text:
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append((size * scale, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    assert sizes
    mm = 72 / 25.4
    card_w = (210 - 24) / 2 * mm  # A4 minus 12 mm margins, two cards per row
    for size, x, _y in sizes:
        assert size >= 8 - 0.01
        left = (x - 12 * mm) % card_w
        assert 5 * mm <= left <= card_w - 5 * mm


def test_unit_summary_one_page_with_a_big_unit_and_whole_words():
    from tests.fixtures_reports import sample_unit_summary

    s = sample_unit_summary("zh-CN")
    first = s["employees"][0]
    s["employees"] = [
        {**first, "id": i, "name": f"员工{i:02d}", "job_title": "Service Specialist / 服务专员"}
        for i in range(18)
    ]
    s["action_items"] = (s.get("action_items") or [])[:1] * 14
    data = render.render_unit_summary_pdf(s)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Service Specialist" not in text and "服务专员" in text
    if s["action_items"]:
        assert "待处理" in text.replace(" ", "")
        assert "\n理" not in text
