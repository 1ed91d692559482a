"""An inline SVG chart of the ledger over time: direct effect against public money paid."""

from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, BOTTOM = 760, 220, 70, 24


@dataclass
class Chart:
    width: int
    height: int
    effect_points: str
    money_points: str
    # Coordinates as text: a template would localise floats with a decimal comma.
    ticks: list[tuple[str, str]]
    years: list[tuple[str, str]]


def timeline_chart(points) -> Chart | None:
    if len(points) < 2:
        return None
    top = max(max(p.direct_effect, p.job_contribution + p.departement_share) for p in points) or 1
    step = (WIDTH - LEFT - 10) / (len(points) - 1)

    def xy(i, value):
        return f"{LEFT + i * step:.1f},{HEIGHT - BOTTOM - value / top * (HEIGHT - BOTTOM - 10):.1f}"

    effect = " ".join(xy(i, p.direct_effect) for i, p in enumerate(points))
    money = " ".join(xy(i, p.job_contribution + p.departement_share) for i, p in enumerate(points))
    ticks = [(f"{HEIGHT - BOTTOM - f * (HEIGHT - BOTTOM - 10):.1f}",
              f"{top * f / 100:,.0f} €".replace(",", "\u202f")) for f in (0, 0.5, 1)]
    years = [(f"{LEFT + i * step:.1f}", str(p.month.year))
             for i, p in enumerate(points) if p.month.month == 1]
    return Chart(WIDTH, HEIGHT, effect, money, ticks, years)
