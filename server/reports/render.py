"""Render review data to HTML (Jinja) and PDF (WeasyPrint). Renders only: computes nothing.

The Jinja environment, the parsed base stylesheet and WeasyPrint's FontConfiguration are built
once per process and reused, so a batch worker pays for them once. Locale-dependent page
furniture (page numbers, footer) lives in a few lines of inline CSS per document.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from server.reports import branding, charts, review_extras, view
from server.reports.i18n import (
    fmt_date,
    fmt_delta,
    fmt_mean,
    fmt_month,
    fmt_score,
    hidden_text,
    pick,
    translator,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Open action items listed on the one-page unit summary (the rest are counted).
MAX_SUMMARY_ACTIONS = 6


def _no_photo(_sha256: str) -> bytes | None:
    return None


@cache
def environment() -> Environment:
    """The shared Jinja environment with the report filters."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(score=fmt_score, mean=fmt_mean, delta=fmt_delta)
    env.globals.update(
        pick=pick,
        hidden_text=hidden_text,
        fmt_date=fmt_date,
        fmt_month=fmt_month,
        legend_marker=charts.legend_marker,
    )
    return env


@cache
def _weasy() -> tuple[Any, Any]:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint logs every layout step at INFO; a batch of reviews does not need that.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    fonts = FontConfiguration()
    css = CSS(filename=str(TEMPLATES / "report.css"), font_config=fonts)
    return fonts, css


def warm_up() -> None:
    """Load fonts, stylesheet and templates now (called in each batch worker at start)."""
    _weasy()
    environment().get_template("review.html")
    environment().get_template("unit_summary.html")


def page_css(locale: str, draft: bool) -> str:
    """The locale's page-number and footer strings as @page margin boxes."""
    t = translator(locale)
    page = t("page_of", page='" counter(page) "', pages='" counter(pages) "')
    draft_box = f'@top-right {{ content: "{t("draft")}"; }}' if draft else ""
    return (
        f'@page {{ @bottom-left {{ content: "{t("confidential")}"; }} '
        f'@bottom-right {{ content: "{page}"; }} {draft_box} }}'
    )


def review_context(
    review: dict[str, Any], *, draft: bool, photo_loader: view.PhotoLoader
) -> dict[str, Any]:
    """Everything review.html prints, derived from the review data only."""
    locale = review["campaign"].get("locale") or "zh-CN"
    strong = view.strengths(review, locale)
    return {
        "r": review,
        "locale": locale,
        "t": translator(locale),
        "draft": draft,
        "page_css": page_css(locale, draft),
        "cover_rows": view.cover_rows(review, locale),
        "comp": view.competency_view(review, locale),
        "strengths": strong,
        "item_groups": view.item_groups(review, locale),
        "visits": view.visits(review, photo_loader),
        "comments": view.comments(review, locale),
        "customer_comments": _customer_comments(review),
        "actions": view.action_items(review, locale),
        "plan_focus": view.plan_focus(review, locale, strong),
        "gap_bar": charts.gap_bar,
        "score_bar": charts.score_bar,
        "trend_mark": charts.trend_mark,
        "comp_names": {c["key"]: pick(c["name"], locale) for c in review.get("competencies", [])},
        "index_rows": _index_rows(review, locale),
        **_people_context(review, locale),
    }


def _index_rows(review: dict[str, Any], locale: str) -> list[str]:
    t = translator(locale)
    alias = {"colleagues": "peer"} if review_extras.peer_only(review) else {}
    return [t(f"row_{alias.get(k, k)}") for k in review.get("index_rows") or []]


def _people_context(review: dict[str, Any], locale: str) -> dict[str, Any]:
    """Brand, job title, rank words, missing-figure marks, the employee's response and plan."""
    return {
        "company": branding.company_name(),
        "logo": branding.logo_uri(),
        "job_title": review_extras.job_title(review["employee"].get("job_title"), locale),
        "rank_lines": review_extras.rank_lines(review.get("rank"), locale),
        "missing": lambda row, key: review_extras.missing_mark(review, row, key),
        "ack": review.get("acknowledgement"),
        "goals": review_extras.plan_goals(review, locale),
        "previous_goals": review_extras.previous_goals(review, locale),
    }


def _customer_comments(review: dict[str, Any]) -> list[str]:
    visible = {r["key"] for r in view.visible_rows(review)}
    if "customer" not in visible:
        return []
    return [c["text"] for c in (review.get("comments") or {}).get("customer", [])]


def render_review_html(
    review: dict[str, Any], *, draft: bool, photo_loader: view.PhotoLoader = _no_photo
) -> str:
    """The review as HTML, ready for WeasyPrint."""
    context = review_context(review, draft=draft, photo_loader=photo_loader)
    return environment().get_template("review.html").render(context)


def html_to_pdf(html: str) -> bytes:
    """Lay out and write the PDF with the shared fonts and stylesheet."""
    from weasyprint import HTML

    fonts, css = _weasy()
    document = HTML(string=html, base_url=str(TEMPLATES)).render(
        stylesheets=[css], font_config=fonts
    )
    # Tagged PDF/UA: a structure tree and the document language, so screen readers can read it
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_review_pdf(
    review: dict[str, Any], *, draft: bool, photo_loader: view.PhotoLoader = _no_photo
) -> bytes:
    """The review PDF (A4, the campaign's language, DRAFT watermark when `draft`)."""
    return html_to_pdf(render_review_html(review, draft=draft, photo_loader=photo_loader))


def render_unit_summary_html(summary: dict[str, Any]) -> str:
    """The one-page unit summary as HTML (shape: server.services.reviews.review.build_unit_summary,
    plus `competencies` [{key, name}] added by server.services.reviews.reports)."""
    locale = summary["campaign"].get("locale") or "zh-CN"
    draft = not summary["campaign"].get("released", False)
    names = {c["key"]: c["name"] for c in summary.get("competencies", [])}
    comps = [{"key": k, "name": names.get(k, k)} for k in summary.get("competency_keys", [])]
    points = [
        (fmt_month(m["month"], locale), m["mean"], m.get("pooled"))
        for m in summary.get("mystery_shop_trend", [])
    ]
    return (
        environment()
        .get_template("unit_summary.html")
        .render(
            s=summary,
            locale=locale,
            t=translator(locale),
            draft=draft,
            page_css=page_css(locale, draft),
            comps=comps,
            company=branding.company_name(),
            logo=branding.logo_uri(),
            job_title=review_extras.job_title,
            max_actions=MAX_SUMMARY_ACTIONS,
            heat_any=any(
                v is not None
                for e in summary.get("employees", [])
                for v in (e.get("competencies") or {}).values()
            ),
            employees=summary.get("employees", []),
            heat=_heat,
            trend_chart=charts.monthly_chart(points) if points else "",
            actions=view.action_items(summary, locale),
        )
    )


def _heat(value: float | None) -> str:
    """Background grey for a heat-table cell: darker = higher; text stays readable."""
    if value is None:
        return ""
    level = int(250 - 130 * max(0.0, min(100.0, value)) / 100)
    colour = "#fff" if level < 150 else "#000"
    return f"background: rgb({level},{level},{level}); color: {colour}"


def render_unit_summary_pdf(summary: dict[str, Any]) -> bytes:
    """The unit summary PDF."""
    return html_to_pdf(render_unit_summary_html(summary))
