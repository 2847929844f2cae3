"""SPEC §11 the PDF review: The review and unit-summary PDFs, rendered from sample review data;
asserts on PDF text."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from server.reports import charts, render
from server.reports.i18n import STRINGS, fmt_delta, fmt_score, translator
from tests.fixtures_reports import (
    HIDDEN_COMMENT,
    NAMES,
    empty_review,
    sample_review,
    sample_unit_summary,
)

HEADINGS = [
    "s_summary",
    "s_guide",
    "s_competencies",
    "s_gaps",
    "s_top_bottom",
    "s_items",
    "s_mystery",
    "s_customer",
    "s_comments",
    "s_actions",
    "s_plan",
]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    """Drop whitespace: CJK text extraction inserts spaces and line breaks unpredictably."""
    return re.sub(r"\s+", "", text)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 110, 100)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def rendered(request: pytest.FixtureRequest) -> tuple[str, dict, bytes, str]:
    review = sample_review(request.param)
    pdf = render.render_review_pdf(
        review, draft=True, photo_loader=lambda sha: jpeg() if sha[0] == "a" else None
    )
    return request.param, review, pdf, pdf_text(pdf)


def test_review_names_employee_and_shows_index_as_in_the_data(rendered) -> None:
    locale, review, pdf, text = rendered
    assert pdf.startswith(b"%PDF")
    assert squash(NAMES[locale]) in squash(text)
    index = fmt_score(review["overall_index"])
    assert index == ("74.3")
    assert index in text
    assert fmt_delta(review["trend"]["overall_index_delta"]) in text  # "+3.5"


def test_review_has_every_section_heading(rendered) -> None:
    locale, _review, _pdf, text = rendered
    flat = squash(text)
    for key in HEADINGS:
        assert squash(STRINGS[key][locale]) in flat, key


def test_draft_watermark_before_release_and_none_after() -> None:
    draft = pdf_text(render.render_review_pdf(sample_review("en"), draft=True))
    final = pdf_text(render.render_review_pdf(sample_review("en", released=True), draft=False))
    assert "DRAFT" in draft
    assert "DRAFT" not in final
    assert "Confidential" in final and "Page 1 of" in final


def test_page_furniture_in_the_campaign_language(rendered) -> None:
    locale, _review, pdf, text = rendered
    flat = squash(text)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    if locale == "zh-CN":
        assert "保密" in flat and f"第{pages}页，共{pages}页" in flat and "草稿" in flat
        assert "Confidential" not in text
    else:
        assert "Confidential" in text and f"Page {pages} of {pages}" in text
        assert "保密" not in flat


def test_hidden_rows_leak_nothing(rendered) -> None:
    locale, review, _pdf, text = rendered
    t = translator(locale)
    assert HIDDEN_COMMENT not in text and squash(HIDDEN_COMMENT) not in squash(text)
    # The reason is printed instead of the count.
    assert squash(t("hidden_fewer_than", k=3)) in squash(text)
    assert squash(t("hidden_back_calculation")) in squash(text)


def test_hidden_figures_planted_in_hidden_rows_never_print() -> None:
    review = sample_review("en")
    peer = next(r for r in review["rows"] if r["key"] == "peer")
    peer.update(form_score=12.345, competencies={"teamwork": {"score": 13.579, "n": 2}})
    review["items"][0]["rows"]["peer"] = {
        "n": 2,
        "mean": 1.5,
        "mean_100": 14.246,
        "distribution": None,
        "r_wg": None,
        "disagree": False,
    }
    text = pdf_text(render.render_review_pdf(review, draft=False))
    for leaked in ("12.3", "13.6", "14.2", "1.50"):
        assert leaked not in text


def test_visible_figures_and_comments_print(rendered) -> None:
    locale, review, _pdf, text = rendered
    flat = squash(text)
    colleagues = next(r for r in review["rows"] if r["key"] == "colleagues")
    assert fmt_score(colleagues["form_score"]) in text
    for comment in review["comments"]["colleagues"] + review["comments"]["customer"]:
        assert squash(comment["text"]) in flat
    assert squash(review["mystery_shop"]["visits"][0]["narrative"][:12]) in flat


def test_evidence_photos_embedded_and_missing_ones_said(rendered) -> None:
    locale, _review, pdf, text = rendered
    # WeasyPrint shares one resource dictionary between pages: count distinct images.
    images = {img.data for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images}
    assert len(images) == 1  # one thumbnail found, one unavailable
    assert squash(translator(locale)("photo_missing")) in squash(text)


def test_sections_without_data_say_so() -> None:
    text = squash(pdf_text(render.render_review_pdf(empty_review("en"), draft=False)))
    t = translator("en")
    for key in (
        "no_index",
        "no_competency_data",
        "no_gaps",
        "no_items",
        "no_visits",
        "no_customer",
        "no_comments",
        "no_actions",
    ):
        assert squash(t(key)) in text, key
    assert squash(t("hidden_no_responses")) in text


def test_unit_summary_pdf() -> None:
    summary = sample_unit_summary("zh-CN")
    text = pdf_text(render.render_unit_summary_pdf(summary))
    flat = squash(text)
    assert "静安12号店" in flat
    assert all(e["name"] in flat for e in summary["employees"])
    assert "88.0" in text and "83.1" in text  # top index, pooled points of June
    assert "无指数" in flat and "DRAFT" in text
    assert len(PdfReader(io.BytesIO(render.render_unit_summary_pdf(summary))).pages) == 1


def test_strings_exist_in_both_languages() -> None:
    for key, texts in STRINGS.items():
        assert texts.get("en") and texts.get("zh-CN"), key


def test_competency_chart_prints_a_number_per_mark_and_draws_self_distinctly() -> None:
    groups = [
        charts.ChartGroup("A", [("self", "Self", 91.25), ("others", "Others", 70.0)]),
        charts.ChartGroup("B", [("supervisor", "Supervisor", 55.55)]),
    ]
    svg = charts.competency_chart(groups)
    for number in ("91.2", "70.0", "55.5"):
        assert f">{number}</text>" in svg
    assert svg.count("stroke-dasharray") == 1  # only the self line is dashed
    assert 'fill="#ffffff" stroke="#000000"' in svg  # hollow self marker


def test_distribution_bar_prints_counts_and_skips_empty_values() -> None:
    svg = charts.distribution_bar({"1": 0, "2": 0, "3": 1, "4": 3, "5": 2}, 1, 5)
    assert svg.count("<rect") == 3
    assert ">3</text>" in svg and ">2</text>" in svg
    assert charts.distribution_bar(None, 1, 5) == ""


def test_trend_mark_direction() -> None:
    assert "+3.5" in charts.trend_mark(3.46) and "polygon" in charts.trend_mark(3.46)
    assert "\u22121.2" in charts.trend_mark(-1.2)
    assert "<line" in charts.trend_mark(0.01)
    assert charts.trend_mark(None) == ""


def test_cover_lists_hidden_groups_with_reason_and_skips_unanswered_ones() -> None:
    from server.reports import view

    review = sample_review("en")
    customer = next(r for r in review["rows"] if r["key"] == "customer")
    customer.update(
        n=0, visible=False, hidden_reason={"code": "no_responses"}, form_score=None, competencies={}
    )
    rows = {r["key"]: r for r in view.cover_rows(review, "en")}
    assert "customer" not in rows  # nobody answered: not listed when others did
    assert rows["peer"]["text"] == "fewer than 3 responses" and not rows["peer"]["visible"]
    assert rows["colleagues"]["text"] == "5 responses"
    everyone_silent = view.cover_rows(empty_review("en"), "en")
    assert {r["text"] for r in everyone_silent} == {"no responses"}
