"""A server-rendered SVG chart of DASH score and level over time.

Drawn with presentation attributes only (no style attribute, no script), so it sits inside the
strict CSP; it is an image with a title and description, and the page puts the same figures in
a table beside it, which is what a screen reader user reads.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from haven.risk.rules import LEVEL_LABELS, Bands, Level

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
MAX_SCORE = 24

# The risk-level colours of components/tags.html (pink, turquoise, light blue), pale for bands.
BAND_FILL = {Level.HIGH: "#f3d9e3", Level.MEDIUM: "#d4ecea", Level.STANDARD: "#e8f1f8"}
LINE = "#0b0c0c"


@dataclass(frozen=True)
class Point:
    on: dt.date
    score: int | None
    level: str


def _y(score: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / MAX_SCORE)


def _x(index: int, count: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    if count == 1:
        return LEFT + inner / 2
    return LEFT + inner * index / (count - 1)


def risk_chart(
    points: Sequence[Point], bands: Bands, title: str = "DASH score over time"
) -> Markup:
    """The chart as inline SVG markup (escaped: nothing from the record is drawn but dates,
    scores and level names)."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="risk-chart-title risk-chart-desc" focusable="false">',
        f'<title id="risk-chart-title">{escape(title)}</title>',
        f'<desc id="risk-chart-desc">{escape(_description(points))}</desc>',
    ]
    bottoms = {Level.STANDARD: 0, Level.MEDIUM: bands.medium_from, Level.HIGH: bands.high_from}
    tops = {Level.STANDARD: bands.medium_from, Level.MEDIUM: bands.high_from, Level.HIGH: MAX_SCORE}
    for level in (Level.STANDARD, Level.MEDIUM, Level.HIGH):
        y_top, y_bottom = _y(tops[level]), _y(bottoms[level])
        parts.append(
            f'<rect x="{LEFT}" y="{y_top:.1f}" width="{WIDTH - LEFT - RIGHT}" '
            f'height="{y_bottom - y_top:.1f}" fill="{BAND_FILL[level]}"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT - 4}" y="{y_top + 14:.1f}" text-anchor="end" '
            f'font-size="12" fill="{LINE}">{LEVEL_LABELS[level]}</text>'
        )
    for tick in (0, bands.medium_from, bands.high_from, MAX_SCORE):
        parts.append(
            f'<text x="{LEFT - 6}" y="{_y(tick) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{LINE}">{tick}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{_y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{_y(0):.1f}" stroke="{LINE}"/>'
    )
    scored = [(i, p) for i, p in enumerate(points) if p.score is not None]
    if len(scored) > 1:
        path = " ".join(f"{_x(i, len(points)):.1f},{_y(p.score or 0):.1f}" for i, p in scored)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for index, point in enumerate(points):
        x = _x(index, len(points))
        if point.score is not None:
            parts.append(f'<circle cx="{x:.1f}" cy="{_y(point.score):.1f}" r="5" fill="{LINE}"/>')
            parts.append(
                f'<text x="{x:.1f}" y="{_y(point.score) - 10:.1f}" text-anchor="middle" '
                f'font-size="12" fill="{LINE}">{point.score}</text>'
            )
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12" '
            f'fill="{LINE}">{escape(point.on.strftime("%-d %b %Y"))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (built above from numbers, dates and fixed words)


def _description(points: Sequence[Point]) -> str:
    if not points:
        return "No assessments yet."
    described = [
        f"{p.on:%-d %B %Y}: "
        + (f"score {p.score}, " if p.score is not None else "")
        + f"{LEVEL_LABELS.get(Level(p.level), p.level).lower()} risk"
        for p in points
    ]
    return "; ".join(described) + "."


__all__ = ["Point", "risk_chart"]
