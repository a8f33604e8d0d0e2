"""Draw the home page's timeline: reports per month as an SVG bar chart, made at build time."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
HEIGHT = 180
PAD_LEFT = 28
PAD_BOTTOM = 26
PAD_TOP = 12


@dataclass(frozen=True)
class Bar:
    """One month of the chart."""

    year: str
    month: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Timeline:
    """The chart's geometry, ready for the template."""

    bars: tuple[Bar, ...]
    years: tuple[tuple[str, float], ...]
    """Year labels and their x positions."""
    max_count: int
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD_BOTTOM


def months_between(first: str, last: str) -> list[tuple[str, str]]:
    """Every (year, month) from first to last inclusive, both as YYYY-MM."""
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (y, m) <= end:
        out.append((f"{y:04d}", f"{m:02d}"))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline(counts: dict[tuple[str, str], int]) -> Timeline | None:
    """Lay out one bar per month from the first dated month to the last, empty months included."""
    if not counts:
        return None
    keys = sorted(counts)
    months = months_between(f"{keys[0][0]}-{keys[0][1]}", f"{keys[-1][0]}-{keys[-1][1]}")
    top = max(counts.values())
    step = (WIDTH - PAD_LEFT) / len(months)
    usable = HEIGHT - PAD_BOTTOM - PAD_TOP
    bars = []
    years: list[tuple[str, float]] = []
    for i, (y, m) in enumerate(months):
        n = counts.get((y, m), 0)
        h = usable * n / top
        x = PAD_LEFT + i * step
        bars.append(Bar(y, m, n, round(x + step * 0.1, 2), round(HEIGHT - PAD_BOTTOM - h, 2),
                        round(max(step * 0.8, 1), 2), round(h, 2)))
        if m == "01" or i == 0:
            years.append((y, round(x, 2)))
    return Timeline(tuple(bars), tuple(years), top)
