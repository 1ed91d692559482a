"""The annual report's charts, drawn on the server (matplotlib, Agg) as PNG bytes.

The same charts as the dashboard's pages (static/js/dashboard.js): same series, same French labels
(labels.py), same colours. Each chart is a `matplotlib.figure.Figure` drawn by its own
`FigureCanvasAgg`, never through pyplot: pyplot keeps global state (the current figure, the list of
open figures) that threads of a web server would share, and figures it never frees. Styles are set
on each chart's artists, never through `rcParams` or `rc_context`, which are global too.

Charts are 174 mm wide, the PDF's text width, so that a point in a chart is a point on the page;
150 dots per inch keeps them sharp on paper and light in the file.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from datetime import date
from io import BytesIO

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from jobfactory.reporting.dashboard import Dashboard
from jobfactory.reporting.labels import (
    BREAKDOWN_TITLES,
    SERIES_LABELS,
    code_label,
    exit_label,
    ordered_codes,
)

# The pages' palette (static/js/dashboard.js), in the same order.
PALETTE = ("#000091", "#18753c", "#b34000", "#6a6af4", "#c9191e", "#009099", "#a558a0", "#666666")
DPI = 150
WIDTH_IN = 174 / 25.4
HEIGHT_IN = 2.9
TEXT = "#1e1e1e"
MUTED = "#666666"
GRID = "#dddddd"
FONT_SIZE = 8.0


def _figure(height_in: float = HEIGHT_IN) -> Figure:
    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained", facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    # No "Software" entry: the bytes then depend on the data only, not on matplotlib's version.
    figure.canvas.print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()


def _style(axes, *, grid_axis: str = "y") -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(MUTED)
    axes.tick_params(labelsize=FONT_SIZE, colors=TEXT, length=3)
    axes.grid(axis=grid_axis, color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


def _legend(axes, columns: int) -> None:
    handles, labels = axes.get_legend_handles_labels()
    if handles:
        axes.legend(handles, labels, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=columns,
                    frameon=False, fontsize=FONT_SIZE, handlelength=1.6, columnspacing=1.4,
                    borderaxespad=0.2)


def _number(value: float, decimals: int = 0) -> str:
    return number_format(value, decimal_pos=decimals, force_grouping=True)


class _MonthAxis:
    """The months along the x axis (a whole year, say) and the dashboard's values placed on them."""

    def __init__(self, board: Dashboard, months: Sequence[date] | None = None) -> None:
        self.board = board
        self.months = list(months or board.months)
        self.positions = list(range(len(self.months)))
        self._index = {month: i for i, month in enumerate(self.months)}

    def values(self, name: str) -> list[float]:
        return self.place(self.board.series[name])

    def place(self, values: Sequence) -> list[float]:
        """Values of the dashboard's months at their place; NaN (not drawn) elsewhere."""
        placed = [math.nan] * len(self.months)
        for month, value in zip(self.board.months, values, strict=True):
            if month in self._index and value is not None:
                placed[self._index[month]] = float(value)
        return placed

    def apply(self, axes) -> None:
        one_year = len({month.year for month in self.months}) == 1
        labels = [date_format(month, "N") if one_year or (i and month.month != 1)
                  else f"{date_format(month, 'N')}\n{month.year}" for i, month in enumerate(self.months)]
        axes.set_xticks(self.positions, labels)
        axes.set_xlim(-0.6, len(self.months) - 0.4)
        # Hung from their baseline, not their top: accents (fév., août, déc.) would push theirs lower.
        axes.tick_params(axis="x", pad=3 + 0.8 * FONT_SIZE)
        for label in axes.get_xticklabels():
            label.set_verticalalignment("baseline")

    def position_of(self, day: date) -> float | None:
        """Where `day` falls on the axis: a month's point is its last day (stocks are read then)."""
        month = day.replace(day=1)
        if month not in self._index:
            return None
        return self._index[month] - 1 + day.day / calendar.monthrange(day.year, day.month)[1]


def _lines(axis: _MonthAxis, names: Sequence[str], *, decimals: int = 0) -> Figure:
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    highest = 0.0
    for colour, name in zip(PALETTE, names, strict=False):
        values = axis.values(name)
        highest = max([highest, *(v for v in values if not math.isnan(v))])
        axes.plot(axis.positions, values, color=colour, linewidth=1.8, marker="o",
                  markersize=3, label=str(SERIES_LABELS[name]))
    axis.apply(axes)
    # From zero like the pages, with room above the highest point.
    axes.set_ylim(0, highest * 1.08 or 1)
    if decimals:
        # Ticks fall on round values mostly: no "80,0" when "80" says it.
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _number(v, decimals if v % 1 else 0)))
    else:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _number(v)))
    _legend(axes, columns=len(names))
    return figure


def stocks_chart(board: Dashboard, months: Sequence[date] | None = None) -> bytes:
    """Volunteers registered, recognised eligible, waiting, and employees, at the end of each month."""
    return _png(_lines(_MonthAxis(board, months), ("registered", "eligible", "waiting", "employees")))


def fte_chart(board: Dashboard, months: Sequence[date] | None = None) -> bytes:
    """Full-time equivalents at the end of each month and over the month (prorated by days)."""
    return _png(_lines(_MonthAxis(board, months), ("fte", "month_fte"), decimals=1))


def flows_chart(board: Dashboard, months: Sequence[date] | None = None) -> bytes:
    """Hires upwards, exits downwards stacked by reason, month by month."""
    axis = _MonthAxis(board, months)
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    width = 0.62
    axes.bar(axis.positions, [0 if math.isnan(v) else v for v in axis.values("hires")], width,
             color=PALETTE[0], label=_("Embauches"))
    bottom = [0.0] * len(axis.months)
    for i, (reason, values) in enumerate(board.exits_by_reason.items()):
        heights = [0 if math.isnan(v) else -v for v in axis.place(values)]
        axes.bar(axis.positions, heights, width, bottom=bottom, color=PALETTE[(i + 1) % len(PALETTE)],
                 label=_("Sortie : %(reason)s") % {"reason": exit_label(reason)})
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.axhline(0, color=MUTED, linewidth=0.8)
    axis.apply(axes)
    low, high = axes.get_ylim()
    axes.set_ylim(min(low, -1), max(high, 1))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _number(abs(v))))
    _legend(axes, columns=min(4, 1 + len(board.exits_by_reason)))
    return _png(figure)


def exhaustivity_chart(board: Dashboard, months: Sequence[date] | None = None,
                       target_on: date | None = None) -> bytes:
    """Employees / (employees + waiting) in %, with the territory's target date if on the axis."""
    axis = _MonthAxis(board, months)
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    axes.plot(axis.positions, axis.values("exhaustivity"), color=PALETTE[0], linewidth=1.8, marker="o",
              markersize=3, label=str(SERIES_LABELS["exhaustivity"]))
    axis.apply(axes)
    axes.set_ylim(0, 105)
    axes.set_yticks(range(0, 101, 20))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}\N{NO-BREAK SPACE}%"))
    axes.axhline(100, color=PALETTE[1], linewidth=1, linestyle="--", label=_("Objectif : 100 %"))
    at = axis.position_of(target_on) if target_on else None
    if at is not None:
        axes.axvline(at, color=PALETTE[1], linewidth=1, linestyle=":")
        axes.annotate(_("objectif au %(date)s") % {"date": date_format(target_on, "j F Y")},
                      xy=(at, 50), xytext=(-4, 0), textcoords="offset points", rotation=90,
                      ha="right", va="center", fontsize=FONT_SIZE - 0.5, color=PALETTE[1])
    _legend(axes, columns=2)
    return _png(figure)


def breakdowns_chart(board: Dashboard) -> bytes | None:
    """The employees' profile at the end of the period, one panel of horizontal bars per breakdown,
    two panels a row; None when there is nobody to describe.

    Laid out by hand, not by the constrained layout, which measures every label of ten axes several
    times (0.7 s for this chart against 0.1 s): the labels are the short ones of labels.py, and the
    counts are written at the end of the bars, so the panels need no x axis."""
    items = [(key, title, ordered_codes(key, board.breakdowns[key]))
             for key, title in BREAKDOWN_TITLES.items() if board.breakdowns.get(key)]
    if not items:
        return None
    rows = [items[i:i + 2] for i in range(0, len(items), 2)]
    bars = [max(max(len(codes), 2) for _key, _title, codes in row) for row in rows]
    bar_in, title_in, gap_in, label_in, margin_in = 0.2, 0.28, 0.22, 1.25, 0.08
    height_in = sum(title_in + bar_in * count for count in bars) + gap_in * (len(rows) - 1) + 2 * margin_in
    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    panel_in = (WIDTH_IN - 2 * margin_in - 2 * label_in - gap_in) / 2
    top_in = margin_in
    for row, count in zip(rows, bars, strict=True):
        top_in += title_in
        for column, (key, title, codes) in enumerate(row):
            left_in = margin_in + label_in + column * (panel_in + gap_in + label_in)
            axes = figure.add_axes((left_in / WIDTH_IN, 1 - (top_in + bar_in * count) / height_in,
                                    panel_in / WIDTH_IN, bar_in * count / height_in))
            counts = [board.breakdowns[key][code] for code in codes]
            positions = list(range(len(codes)))
            axes.barh(positions, counts, 0.66, color=PALETTE[0])
            axes.set_yticks(positions, [code_label(key, code) for code in codes])
            axes.tick_params(axis="y", length=0, labelsize=FONT_SIZE, colors=TEXT)
            axes.set_xticks([])
            for side in ("top", "right", "bottom"):
                axes.spines[side].set_visible(False)
            axes.spines["left"].set_color(MUTED)
            # Top to bottom, every bar as thick as in the other panels of the row.
            axes.set_ylim(count - 0.5, -0.5)
            axes.set_xlim(0, max(counts) * 1.18 or 1)
            for position, value in zip(positions, counts, strict=True):
                axes.annotate(_number(value), xy=(value, position), xytext=(3, 0), textcoords="offset points",
                              va="center", fontsize=FONT_SIZE - 0.5, color=TEXT)
            axes.text(-label_in / panel_in, 1, str(title), transform=axes.transAxes, ha="left", va="bottom",
                      fontsize=FONT_SIZE + 0.5, color=TEXT, fontweight="bold")
        top_in += bar_in * count + gap_in
    return _png(figure)
