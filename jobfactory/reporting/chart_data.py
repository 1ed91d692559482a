"""A dashboard as the JSON its charts draw (static/js/dashboard.js): labels already in French."""

from django.utils.formats import date_format

from jobfactory.reporting.dashboard import Dashboard
from jobfactory.reporting.labels import (
    BREAKDOWN_TITLES,
    SERIES_LABELS,
    code_label,
    exit_label,
    ordered_codes,
)


def _numbers(values) -> list:
    return [float(v) if v is not None else None for v in values]


def ledger_series(ledger, months) -> dict | None:
    """The ledger's timeline over the dashboard's months, in euros: before the first hire there is
    no effect and no job contribution, hence zeros."""
    if ledger is None or not ledger.timeline:
        return None
    points = {point.month: point for point in ledger.timeline}
    rows = [points.get(month) for month in months]
    return {"effect": [p.direct_effect / 100 if p else 0 for p in rows],
            "money": [(p.job_contribution + p.departement_share) / 100 if p else 0 for p in rows]}


def chart_data(board: Dashboard, target_on=None, ledger=None) -> dict:
    series = {name: {"label": str(SERIES_LABELS[name]), "values": _numbers(board.series[name])}
              for name in SERIES_LABELS}
    data = {
        "months": [date_format(month, "N Y") for month in board.months],
        "series": series,
        "exits": [{"label": exit_label(reason), "values": values}
                  for reason, values in board.exits_by_reason.items()],
        "breakdowns": [
            {"key": key, "title": str(title),
             "labels": [code_label(key, c) for c in ordered_codes(key, board.breakdowns.get(key, {}))],
             "values": [board.breakdowns[key][c] for c in ordered_codes(key, board.breakdowns.get(key, {}))]}
            for key, title in BREAKDOWN_TITLES.items() if board.breakdowns.get(key)],
        "activities": {"labels": [row["label"] for row in board.activities],
                       "counts": [row["count"] for row in board.activities],
                       "hours": _numbers(row["hours"] for row in board.activities)},
        "territories": {"labels": [row.territory.name for row in board.territories],
                        "exhaustivity": [round(100 * float(row.exhaustivity), 1)
                                         if row.exhaustivity is not None else None
                                         for row in board.territories]},
        "target": date_format(target_on, "j F Y") if target_on else None,
        "ledger": ledger_series(ledger, board.months),
    }
    return data
