"""Small SVG charts drawn by the server for the PDF reports.

Every chart survives greyscale printing: groups differ by marker shape and fill (hollow or
solid) as well as by grey level, and every mark carries its number. SVGs stay small (a few
hundred elements at most) so WeasyPrint lays them out quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from server.reports.i18n import fmt_delta, fmt_score

FONT = "Noto Sans CJK SC, sans-serif"
#: The one colour of the reports (a dark blue that prints as a dark grey); the rest is grey.
ACCENT = "#1f4e79"


@dataclass(frozen=True)
class Style:
    shape: str  # circle | square | diamond | up | down
    fill: str
    stroke: str
    dashed: bool = False


#: One style per review row; self is hollow and dashed so it never looks like a rater group.
ROW_STYLES: dict[str, Style] = {
    "self": Style("diamond", "#ffffff", "#000000", dashed=True),
    "supervisor": Style("square", "#333333", "#333333"),
    "peer": Style("up", "#666666", "#666666"),
    "subordinate": Style("down", "#666666", "#666666"),
    "colleagues": Style("circle", "#8a8a8a", "#555555"),
    "others": Style("circle", ACCENT, ACCENT),
    "customer": Style("square", "#ffffff", "#444444"),
    "mystery_shopper": Style("up", "#ffffff", "#444444"),
}


def _svg(width: float, height: float, body: str, css_width: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{css_width}" font-family="{FONT}">{body}</svg>'
    )


def marker(style: Style, x: float, y: float, r: float = 4.0) -> str:
    """Draw one marker of `style` centred on (x, y)."""
    paint = f'fill="{style.fill}" stroke="{style.stroke}" stroke-width="1.2"'
    if style.shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:g}" {paint}/>'
    if style.shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:g}" height="{2 * r:g}" {paint}/>'
        )
    if style.shape == "diamond":
        d = r * 1.25
        pts = f"{x:.1f},{y - d:.1f} {x + d:.1f},{y:.1f} {x:.1f},{y + d:.1f} {x - d:.1f},{y:.1f}"
    elif style.shape == "up":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y + r:.1f} {x - r:.1f},{y + r:.1f}"
    else:
        pts = f"{x:.1f},{y + r:.1f} {x + r:.1f},{y - r:.1f} {x - r:.1f},{y - r:.1f}"
    return f'<polygon points="{pts}" {paint}/>'


def legend_marker(row_key: str) -> str:
    """A marker alone, for legends and table headers."""
    return _svg(12, 12, marker(ROW_STYLES[row_key], 6, 6), "3.2mm")


def _wrap(text: str, width: int) -> list[str]:
    """Split a label into at most two lines of about `width` characters."""
    if len(text) <= width:
        return [text]
    if " " not in text:  # CJK: cut anywhere
        return [text[:width], text[width:]]
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return [lines[0], " ".join(lines[1:])]


@dataclass
class ChartGroup:
    """One competency of the dot plot: its label and (row key, row label, score) lines."""

    label: str
    lines: list[tuple[str, str, float]]


LABEL_W, ROW_LABEL_X, PLOT_X0, PLOT_W, LINE_H, GROUP_GAP, TOTAL_W = 150, 232, 240, 330, 11, 7, 620


def _axis(height: float) -> str:
    parts = []
    for tick in (0, 25, 50, 75, 100):
        x = PLOT_X0 + PLOT_W * tick / 100
        parts.append(
            f'<line x1="{x:g}" y1="12" x2="{x:g}" y2="{height - 2:g}" '
            f'stroke="#d0d0d0" stroke-width="0.6"/>'
            f'<text x="{x:g}" y="9" font-size="8" fill="#555" '
            f'text-anchor="middle">{tick}</text>'
        )
    return "".join(parts)


def _chart_line(row_key: str, row_label: str, score: float, y: float) -> str:
    style = ROW_STYLES[row_key]
    x = PLOT_X0 + PLOT_W * max(0.0, min(100.0, score)) / 100
    dash = ' stroke-dasharray="3 2"' if style.dashed else ""
    width = 2.2 if row_key == "others" else 1.4
    return (
        f'<text x="{ROW_LABEL_X}" y="{y + 3:.1f}" font-size="7.5" fill="#444" '
        f'text-anchor="end">{escape(row_label)}</text>'
        f'<line x1="{PLOT_X0}" y1="{y:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{style.stroke}" '
        f'stroke-width="{width}"{dash}/>'
        + marker(style, x, y)
        + f'<text x="{x + 7:.1f}" y="{y + 3:.1f}" font-size="8">{fmt_score(score)}</text>'
    )


def competency_chart(groups: Sequence[ChartGroup]) -> str:
    """Horizontal dot/bar plot on 0-100: one block per competency, one line per visible row."""
    y = 18.0
    body = []
    for group in groups:
        top = y
        for key, label, score in group.lines:
            body.append(_chart_line(key, label, score, y + LINE_H / 2))
            y += LINE_H
        for i, text in enumerate(_wrap(group.label, 22)):
            body.append(
                f'<text x="0" y="{top + 9 + i * 10:.1f}" font-size="8.5" '
                f'font-weight="bold">{escape(text)}</text>'
            )
        y += GROUP_GAP
        body.append(
            f'<line x1="0" y1="{y - GROUP_GAP / 2:.1f}" x2="{TOTAL_W}" '
            f'y2="{y - GROUP_GAP / 2:.1f}" stroke="#eeeeee" stroke-width="0.6"/>'
        )
    height = y + 2
    return _svg(TOTAL_W, height, _axis(height) + "".join(body), "100%")


def distribution_bar(distribution: dict[str, int] | None, scale_min: int, scale_max: int) -> str:
    """Stacked bar of rating counts; darker = higher rating, counts printed inside."""
    if not distribution:
        return ""
    values = list(range(scale_min, scale_max + 1))
    total = sum(distribution.get(str(v), 0) for v in values) or 1
    width, height, x, parts = 110.0, 11.0, 0.0, []
    steps = max(1, len(values) - 1)
    for i, value in enumerate(values):
        count = distribution.get(str(value), 0)
        if not count:
            continue
        w = width * count / total
        level = int(225 - 190 * i / steps)
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height:g}" '
            f'fill="rgb({level},{level},{level})" stroke="#fff" stroke-width="0.6"/>'
        )
        if w >= 8:
            colour = "#fff" if level < 130 else "#000"
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="8.3" font-size="7.5" fill="{colour}" '
                f'text-anchor="middle">{count}</text>'
            )
        x += w
    return _svg(width, height, "".join(parts), "29mm")


def score_bar(value: float) -> str:
    """A plain 0-100 bar with a light track, for ranked item lists."""
    w = 80 * max(0.0, min(100.0, value)) / 100
    body = (
        '<rect x="0" y="2" width="80" height="6" fill="#eeeeee"/>'
        f'<rect x="0" y="2" width="{w:.1f}" height="6" fill="{ACCENT}"/>'
    )
    return _svg(80, 10, body, "21mm")


def gap_bar(gap: float, threshold: float) -> str:
    """Diverging bar around zero (+-50 points) with the blind-spot thresholds dashed."""
    half, scale = 45.0, 45.0 / 50
    g = max(-50.0, min(50.0, gap)) * scale
    x = half + min(0.0, g)
    t = threshold * scale
    fill = "#ffffff" if gap >= 0 else ACCENT
    body = (
        f'<line x1="{half - t:.1f}" y1="0" x2="{half - t:.1f}" y2="10" stroke="#999" '
        f'stroke-dasharray="1.5 1.5" stroke-width="0.6"/>'
        f'<line x1="{half + t:.1f}" y1="0" x2="{half + t:.1f}" y2="10" stroke="#999" '
        f'stroke-dasharray="1.5 1.5" stroke-width="0.6"/>'
        f'<rect x="{x:.1f}" y="2" width="{abs(g):.1f}" height="6" fill="{fill}" '
        f'stroke="#000" stroke-width="0.8"/>'
        f'<line x1="{half}" y1="0" x2="{half}" y2="10" stroke="#000" stroke-width="0.8"/>'
    )
    return _svg(2 * half, 10, body, "44mm")


def trend_mark(delta: float | None) -> str:
    """A solid up triangle, a hollow down triangle or a dash, followed by the signed delta."""
    if delta is None:
        return ""
    text = fmt_delta(delta)
    if text == "0.0":
        shape = '<line x1="1" y1="5" x2="9" y2="5" stroke="#000" stroke-width="1.4"/>'
    elif delta > 0:
        shape = '<polygon points="5,1 9,9 1,9" fill="#000"/>'
    else:
        shape = '<polygon points="5,9 9,1 1,1" fill="#fff" stroke="#000" stroke-width="1"/>'
    return (
        f'<span class="trend">{_svg(10, 10, shape, "2.4mm")}'
        f'<span class="delta">{text}</span></span>'
    )


def monthly_chart(points: Sequence[tuple[str, float, float | None]]) -> str:
    """Vertical bars of monthly means (label, mean, pooled) with pooled points as diamonds."""
    if not points:
        return ""
    bar_w, gap, height, base = 46.0, 18.0, 120.0, 100.0
    width = len(points) * (bar_w + gap) + gap
    parts = [
        f'<line x1="0" y1="{base}" x2="{width:g}" y2="{base}" stroke="#000" stroke-width="0.8"/>'
    ]
    for i, (label, mean, pooled) in enumerate(points):
        x = gap + i * (bar_w + gap)
        h = 80 * max(0.0, min(100.0, mean)) / 100
        parts.append(
            f'<rect x="{x:g}" y="{base - h:.1f}" width="{bar_w:g}" height="{h:.1f}" '
            f'fill="#9a9a9a"/>'
            f'<text x="{x + bar_w / 2:g}" y="{base - 5:g}" font-size="8.5" '
            f'fill="#000" text-anchor="middle">{fmt_score(mean)}</text>'
            f'<text x="{x + bar_w / 2:g}" y="{base + 12:g}" font-size="8.5" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
        if pooled is not None:
            py = base - 80 * max(0.0, min(100.0, pooled)) / 100
            parts.append(marker(ROW_STYLES["self"], x + bar_w / 2, py, 3.5))
    return _svg(width, height, "".join(parts), f"{min(170, width * 0.3):.0f}mm")
