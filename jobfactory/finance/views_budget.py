"""The employer's budget pages: its scenarios for a year, one scenario, editing, copying, comparing.

Who: the employer's managers view, copy and edit; its programme's officers and the national fund
view (figures only: no page names a person); anybody else gets 404 (budget_service.budget_employers).
"""

import uuid
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobfactory.engines import budget as engine
from jobfactory.engines import payroll
from jobfactory.finance import budget_service
from jobfactory.finance.forms_budget import AssumptionsForms, CopyForm
from jobfactory.finance.models import BudgetScenario
from jobfactory.finance.templatetags.budget_format import euros
from jobfactory.territories.scope import require

MAX_COMPARED = 4
INCOME_COLOURS = {"state_contribution_cents": "#000091", "departement_share_cents": "#6a6af4",
                  "startup_grant_cents": "#b1b1f9", "revenue_cents": "#18753c"}
COST_COLOURS = {"wages_gross_cents": "#c9191e", "employer_contributions_cents": "#e18b76",
                "supervisory_cost_cents": "#b34000", "other_costs_cents": "#f4c095"}


def _employer(request, employer_id):
    require(request.user, budget_service.can_view_budgets)
    return get_object_or_404(budget_service.budget_employers(request.user), pk=employer_id)


def _year(year: int) -> int:
    if not budget_service.year_allowed(year):
        raise Http404
    return year


def _scenario(request, public_id, *, edit=False) -> BudgetScenario:
    require(request.user, budget_service.can_view_budgets)
    scenario = get_object_or_404(
        budget_service.scenarios_visible_to(request.user).select_related("employer", "based_on"),
        public_id=public_id)
    if edit and not budget_service.can_edit(request.user, scenario.employer):
        raise Http404
    return scenario


@login_required
def budget_home(request):
    """Managers go to their employer's budget; the others choose an employer."""
    require(request.user, budget_service.can_view_budgets)
    employers = list(budget_service.budget_employers(request.user).select_related("programme"))
    if len(employers) == 1:
        return redirect("finance:budget_year", employer_id=employers[0].pk, year=timezone.localdate().year)
    return render(request, "finance/budget_home.html", {"employers": employers,
                                                        "year": timezone.localdate().year})


@login_required
def budget_employer(request, employer_id):
    employer = _employer(request, employer_id)
    return redirect("finance:budget_year", employer_id=employer.pk, year=timezone.localdate().year)


@login_required
def budget_year(request, employer_id, year):
    employer = _employer(request, employer_id)
    year = _year(year)
    base = budget_service.ensure_base(employer, year)
    scenarios = list(BudgetScenario.objects.filter(employer=employer, year=year)
                     .select_related("based_on").order_by("created_at"))
    scenarios.sort(key=lambda s: s.pk != base.pk)
    rows = []
    for scenario in scenarios:
        a = scenario.assumptions or {}
        rows.append({
            "scenario": scenario, "is_base": scenario.pk == base.pk,
            "hires": sum(int(h.get("count", 0)) for h in a.get("hires", [])),
            "revenue_cents": sum(sum(r["monthly_cents"]) for r in a.get("revenue", [])),
            "other_costs_cents": sum(sum(r["monthly_cents"]) for r in a.get("other_costs", [])),
            "departement": a.get("departement_share_percent"), "grant": a.get("startup_grant_percent"),
            "supervisory_fte": a.get("supervisory_fte"),
        })
    today = timezone.localdate()
    years = [y for y in (year - 1, year + 1) if budget_service.year_allowed(y, today)]
    return render(request, "finance/budget_list.html", {
        "employer": employer, "year": year, "rows": rows, "years": years,
        "can_edit": budget_service.can_edit(request.user, employer),
    })


def _chart(months, future=frozenset()) -> dict:
    """Funding against costs by month: two stacked bars a month, as inline SVG geometry."""
    width, height, left, top, bottom = 960, 290, 64, 24, 26
    plot = height - top - bottom
    step = (width - left) / 12
    top_value = max([sum(getattr(m, k) for k in INCOME_COLOURS) for m in months]
                    + [sum(getattr(m, k) for k in COST_COLOURS) for m in months] + [1])
    magnitude = 10 ** max(len(str(int(top_value))) - 1, 0)
    ceiling = next(magnitude * f for f in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if magnitude * f >= top_value)
    scale = plot / ceiling
    bars = []
    for index, month in enumerate(months):
        x = left + index * step + step * 0.12
        bar = step * 0.36
        for offset, colours in ((0, INCOME_COLOURS), (bar + 2, COST_COLOURS)):
            y = top + plot
            for key, colour in colours.items():
                value = getattr(month, key)
                if value <= 0:
                    continue
                h = value * scale
                y -= h
                bars.append({"x": round(x + offset, 1), "y": round(y, 1), "w": round(bar, 1),
                             "h": round(h, 1), "colour": colour, "key": key,
                             "title": f"{capfirst(date_format(month.month, 'F Y'))} – {engine.LABELS[key]}",
                             "value": value})
    shades = [{"x": round(left + i * step + 2, 1), "w": round(step - 4, 1), "y": top, "h": plot,
               "label_x": round(left + (i + 0.5) * step, 1)}
              for i, m in enumerate(months) if m.month in future]
    ticks = [{"y": round(top + plot - ceiling * i / 4 * scale, 1), "text": _tick(ceiling * i / 4)}
             for i in range(5)]
    labels = [{"x": round(left + (i + 0.5) * step, 1), "text": date_format(m.month, "N")}
              for i, m in enumerate(months)]
    legend = [(engine.LABELS[k], c, _("financement")) for k, c in INCOME_COLOURS.items()] + [
        (engine.LABELS[k], c, _("charge")) for k, c in COST_COLOURS.items()]
    return {"width": width, "height": height, "left": left, "bars": bars, "ticks": ticks, "labels": labels,
            "shades": shades, "top": top,
            "legend": legend, "baseline": top + plot, "label_y": height - 8}


def _tick(cents: float) -> str:
    """An axis label: 1 250 000 € -> "1,25 M€", 250 000 € -> "250 k€"."""
    euros_value = Decimal(str(cents)) / 100
    if euros_value >= 1_000_000:
        return f"{(euros_value / 1_000_000).normalize():f} M€".replace(".", ",")
    if euros_value >= 1_000:
        return f"{(euros_value / 1_000).normalize():f} k€".replace(".", ",")
    return f"{euros_value.normalize():f} €".replace(".", ",")


YEAR_CARDS = [
    (gettext_lazy("Financements"), ["state_contribution_cents", "departement_share_cents",
                                    "startup_grant_cents", "revenue_cents"]),
    (gettext_lazy("Charges"), ["wages_gross_cents", "employer_contributions_cents", "supervisory_cost_cents",
                               "other_costs_cents"]),
    (gettext_lazy("Résultat"), ["balance_cents", "cost_per_fte_cents", "revenue_per_fte_cents"]),
]
MONTH_COLUMNS = ["state_contribution_cents", "departement_share_cents", "startup_grant_cents",
                 "revenue_cents", "wages_gross_cents", "employer_contributions_cents",
                 "supervisory_cost_cents", "other_costs_cents", "balance_cents"]
SHORT_LABELS = {
    "state_contribution_cents": gettext_lazy("CDE (État)"),
    "departement_share_cents": gettext_lazy("Département"),
    "startup_grant_cents": gettext_lazy("Amorçage"), "revenue_cents": gettext_lazy("Chiffre d'affaires"),
    "wages_gross_cents": gettext_lazy("Salaires bruts"),
    "employer_contributions_cents": gettext_lazy("Cotisations patronales"),
    "supervisory_cost_cents": gettext_lazy("Encadrement"),
    "other_costs_cents": gettext_lazy("Autres charges"),
    "balance_cents": gettext_lazy("Solde"),
}


def _hire_text(hires) -> str:
    if not hires:
        return _("aucune")
    by_month: dict[date, list[str]] = {}
    for hire in hires:
        hours = f"{hire.weekly_hours.normalize():f}".replace(".", ",")
        by_month.setdefault(hire.month, []).append(f"{hire.count} × {hours} h")
    total = sum(h.count for h in hires)
    parts = "; ".join(f"{date_format(m, 'F Y')} : {', '.join(v)}" for m, v in sorted(by_month.items()))
    return ngettext("%(n)s personne — %(parts)s", "%(n)s personnes — %(parts)s", total) % {
        "n": total, "parts": parts}


def _assumption_lines(result) -> list[dict]:
    """Every assumption of the scenario, with the basis of its value: « hypothèse modifiable »."""
    data = result.scenario.assumptions or {}
    basis = data.get("basis", {})
    a = result.assumptions
    year_total = result.budget.totals
    lines = [{"label": _("Embauches prévues (PPDE)"), "value": _hire_text(a.hires),
              "basis": basis.get("hires", ""), "editable": True}]
    if result.ignored_hires:
        lines[-1]["basis"] += " " + _(
            "%(n)s ligne(s) d'embauche de mois déjà passés sont ignorées : les contrats réels de ces mois "
            "font foi.") % {"n": result.ignored_hires}
    if result.future_months:
        lines.append({"label": _("Départs"), "value": _("aucun autre que les fins de contrat enregistrées"),
                      "basis": _("Les contrats en cours se poursuivent dans les mois à venir ; enregistrer "
                                 "une fin de contrat change le budget."), "editable": True})
    for key, label in (("revenue", _("Chiffre d'affaires par activité")),
                       ("other_costs", _("Autres charges"))):
        rows = data.get(key, [])
        lines.append({"label": label, "value": _("%(total)s sur l'année, %(n)s ligne(s)") % {
            "total": _money(sum(sum(r["monthly_cents"]) for r in rows)), "n": len(rows)},
            "details": [(r["label"], _money(sum(r["monthly_cents"]))) for r in rows],
            "basis": basis.get(key, ""), "editable": True})
    lines.append({"label": _("Encadrement (personnel non PPDE)"),
                  "value": _("%(fte)s ETP à %(cost)s par ETP et par mois") % {
                      "fte": str(data.get("supervisory_fte", "0")).replace(".", ","),
                      "cost": _money(int(data.get("supervisory_cost_per_fte_cents") or 0))},
                  "basis": basis.get("supervisory", ""), "editable": True})
    lines.append({"label": _("Part du département"),
                  "value": _("%(p)s %% de la contribution de l'État") % {
                      "p": _pct(a.departement_share_percent)},
                  "basis": basis.get("departement_share_percent", ""), "editable": True})
    lines.append({"label": _("Dotation d'amorçage"),
                  "value": _("%(p)s %% du SMIC brut annuel par ETP net créé (%(fte)s ETP nets créés), "
                             "répartie sur les 12 mois") % {
                      "p": _pct(a.startup_grant_percent),
                      "fte": f"{year_total.net_new_fte.quantize(Decimal('0.01'))}".replace(".", ",")},
                  "basis": basis.get("startup_grant_percent", ""), "editable": True})
    lines.append({"label": _("Plafond de la contribution"),
                  "value": _("État et département ensemble") if a.cap_includes_departement
                  else _("contribution de l'État seule"),
                  "basis": basis.get("cap_includes_departement", ""), "editable": True})
    lines.append({"label": _("Taux de CDE modifiés dans ce scénario"),
                  "value": "; ".join(f"{r.starts_on:%d/%m/%Y} : {_pct(r.percent)} %"
                                     for r in a.rate_overrides) or _("aucun"),
                  "basis": basis.get("rate_overrides", ""), "editable": True})
    lines.append({"label": _("Effectif de l'employeur retenu pour les cotisations"),
                  "value": _("%(n)s salariés") % {"n": result.headcount},
                  "basis": _("Estimation : le mois le plus chargé de l'année, plus les embauches prévues et "
                             "l'encadrement (les seuils d'effectif changent certaines cotisations)."),
                  "editable": False})
    if result.smic_carried is not None:
        lines.append({"label": _("SMIC des mois à venir"),
                      "value": _("%(rate)s € de l'heure, le dernier connu (depuis le %(on)s)") % {
                          "rate": f"{result.smic_carried.hourly_gross}".replace(".", ","),
                          "on": date_format(result.smic_carried.starts_on, "j F Y")},
                      "basis": _("Une revalorisation du SMIC changerait les salaires et la contribution."),
                      "editable": False})
    return lines


def _money(cents: int) -> str:
    return euros(cents)


def _pct(value) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _law_lines(result) -> list[dict]:
    """The parameters of the law used, each with its source; unconfirmed rows flagged."""
    lines = []
    for row in result.rates:
        override = row.source.startswith("Hypothèse du scénario")
        lines.append({"label": _("Taux de la CDE à compter du %(on)s") % {"on": f"{row.starts_on:%d/%m/%Y}"},
                      "value": f"{_pct(row.percent)} %", "source": row.source, "override": override,
                      "unconfirmed": not row.confirmed and not override})
    openfisca = f"OpenFisca-France {budget_service.legislation.openfisca_france_version()}"
    for rate in result.smic:
        lines.append({"label": _("SMIC horaire brut à compter du %(on)s") % {
                      "on": f"{rate.starts_on:%d/%m/%Y}"},
                      "value": f"{rate.hourly_gross} €".replace(".", ","),
                      "source": f"{rate.reference} ({openfisca}, smic_b_horaire)", "url": rate.reference_url})
    lines += [
        {"label": _("Cotisations patronales et réduction générale"), "value": _("calculées"),
         "source": payroll.source()},
        {"label": _("Part minimale du département"), "value": "15 %",
         "source": _("Décret 2021-863, art. 24 : au moins 15 % de la contribution de l'État")},
        {"label": _("Dotation d'amorçage maximale"), "value": "30 %",
         "source": _("Décret 2021-863, art. 22 : du SMIC brut annuel par ETP net créé dans l'année")},
        {"label": _("Encadrement financé"), "value": "10 %",
         "source": _("Décret 2021-863, art. 24 : le personnel qui n'est pas PPDE, dans la limite de 10 % "
                     "des ETP de l'employeur")},
        {"label": _("Plafond"), "value": _("salaires financés"),
         "source": _("La contribution ne peut pas dépasser le salaire qu'elle finance (décret 2021-863, "
                     "art. 24 ; sa portée est une hypothèse du scénario, voir « Plafond de la "
                     "contribution »)")},
        {"label": _("Temps plein"), "value": "35 h / 151,67 h",
         "source": _("1 ETP = 35 heures par semaine, 151,67 heures par mois (Code du travail)")},
    ]
    return lines


# What each yearly figure may rest on, beyond the contracts and the law.
RESTS_ON = {
    "state_contribution_cents": ("hires", "supervisory", "rate"),
    "departement_share_cents": ("hires", "supervisory", "rate", "departement"),
    "startup_grant_cents": ("grant", "hires"),
    "revenue_cents": ("revenue",),
    "wages_gross_cents": ("hires",),
    "employer_contributions_cents": ("hires",),
    "supervisory_cost_cents": ("supervisory",),
    "other_costs_cents": ("other_costs",),
}
ASSUMPTION_NAMES = {
    "hires": gettext_lazy("embauches prévues"), "supervisory": gettext_lazy("encadrement"),
    "rate": gettext_lazy("taux de CDE à confirmer"), "departement": gettext_lazy("part du département"),
    "grant": gettext_lazy("taux de la dotation"), "revenue": gettext_lazy("chiffre d'affaires prévu"),
    "other_costs": gettext_lazy("autres charges prévues"),
}


def _in_play(result) -> set[str]:
    """The assumptions that change this scenario's figures."""
    months, a = result.budget.months, result.assumptions
    playing = {"revenue", "other_costs", "grant"}
    if any("volunteer_fte" in m.assumed for m in months):
        playing.add("hires")
    if result.supervisory_fte:
        playing.add("supervisory")
    if any("job_contribution_percent" in m.assumed for m in months):
        playing.add("rate")
    if a.departement_share_percent != engine.MINIMUM_DEPARTEMENT_SHARE:
        playing.add("departement")
    return playing


def _year_cards(result) -> list[tuple[str, list[dict]]]:
    """The year's figures; each says whether it rests on assumptions, in all months or some, and which."""
    totals, months = result.budget.totals, result.budget.months
    playing = _in_play(result)
    groups = []
    for title, keys in YEAR_CARDS:
        cards = []
        for key in keys:
            value = getattr(totals, key)
            assumed_months = sum(key in m.assumed for m in months) if key in RESTS_ON else None
            if assumed_months is None:
                status = "all" if key in totals.assumed else ""
                reasons = [_("toutes les hypothèses du scénario")] if status else []
            else:
                status = "all" if assumed_months == 12 else "some" if assumed_months else ""
                reasons = [str(ASSUMPTION_NAMES[r]) for r in RESTS_ON[key] if r in playing] if status else []
            cards.append({"key": key, "label": engine.LABELS[key], "value": value, "status": status,
                          "months": assumed_months, "reasons": reasons,
                          "negative": value is not None and value < 0})
        groups.append((title, cards))
    return groups


FTE_CARDS = [
    ("volunteer_fte_years", "volunteer_fte", gettext_lazy("ETP des salariés (PPDE), moyenne de l'année"),
     gettext_lazy("1 ETP = 35 h par semaine, au prorata des jours sous contrat")),
    ("supervisory_fte_years", "supervisory_fte", gettext_lazy("ETP d'encadrement"), ""),
    ("funded_supervisory_fte_years", "funded_supervisory_fte",
     gettext_lazy("ETP d'encadrement financés par la contribution"),
     gettext_lazy("au plus 10 % des ETP de l'employeur")),
    ("net_new_fte", "volunteer_fte", gettext_lazy("ETP nets créés dans l'année (décembre sur décembre)"), ""),
]


def _fte_cards(result) -> list[dict]:
    totals, months = result.budget.totals, result.budget.months
    cards = []
    for key, month_key, label, note in FTE_CARDS:
        counted = months[-1:] if key == "net_new_fte" else months
        assumed = sum(month_key in m.assumed for m in counted)
        status = "all" if assumed == len(counted) else "some" if assumed else ""
        cards.append({"value": getattr(totals, key), "label": label, "note": note, "status": status,
                      "months": assumed})
    return cards


def _month_rows(result) -> list[dict]:
    rows = []
    for month in result.budget.months:
        rows.append({
            "month": month, "future": month.month in result.future_months,
            "cells": [{"key": k, "value": getattr(month, k), "assumed": k in month.assumed}
                      for k in MONTH_COLUMNS],
            "fte_assumed": "volunteer_fte" in month.assumed,
            "funded_assumed": "funded_supervisory_fte" in month.assumed,
            "rate_assumed": "job_contribution_percent" in month.assumed,
        })
    return rows


@login_required
def scenario_detail(request, public_id):
    scenario = _scenario(request, public_id)
    result = budget_service.compute([scenario])[0]
    totals = result.budget.totals
    return render(request, "finance/budget_detail.html", {
        "scenario": scenario, "employer": scenario.employer, "result": result, "budget": result.budget,
        "totals": totals, "groups": _year_cards(result), "rows": _month_rows(result),
        "fte_cards": _fte_cards(result),
        "columns": [(k, SHORT_LABELS[k], engine.LABELS[k]) for k in MONTH_COLUMNS],
        "month_totals": [{"key": k, "value": getattr(totals, k), "assumed": k in totals.assumed}
                         for k in MONTH_COLUMNS],
        "chart": _chart(result.budget.months, result.future_months), "law": _law_lines(result),
        "assumptions": _assumption_lines(result),
        "how": [(engine.LABELS[k], v) for k, v in result.budget.sources.items()],
        "can_edit": budget_service.can_edit(request.user, scenario.employer),
        "is_base": scenario.name == budget_service.BASE_NAME,
    })


@login_required
def scenario_edit(request, public_id):
    scenario = _scenario(request, public_id, edit=True)
    forms = AssumptionsForms(scenario, request.POST or None)
    if request.method == "POST" and forms.is_valid():
        try:
            budget_service.update_assumptions(scenario, forms.assumptions(), user=request.user)
        except engine.BudgetError as error:
            forms.add_problems(error.problems)
        else:
            messages.success(request, _("Hypothèses enregistrées : le budget est recalculé."))
            return redirect("finance:scenario", public_id=scenario.public_id)
    return render(request, "finance/budget_edit.html", {
        "scenario": scenario, "employer": scenario.employer, "forms": forms,
        "errors": request.method == "POST",
    })


@login_required
def scenario_copy(request, public_id):
    scenario = _scenario(request, public_id, edit=True)
    form = CopyForm(request.POST or None, initial={"name": _("Copie de %(name)s") % {"name": scenario.name}})
    if request.method == "POST" and form.is_valid():
        try:
            copy = budget_service.copy_scenario(scenario, form.cleaned_data["name"], user=request.user)
        except budget_service.ScenarioNameTaken as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Copie créée : changez ses hypothèses, puis comparez-la."))
            return redirect("finance:scenario_edit", public_id=copy.public_id)
    return render(request, "finance/budget_copy.html", {
        "scenario": scenario, "employer": scenario.employer, "form": form})


@login_required
def scenario_delete(request, public_id):
    scenario = _scenario(request, public_id, edit=True)  # 404 first, whatever the method
    if request.method != "POST":
        return redirect("finance:scenario", public_id=scenario.public_id)
    if scenario.name == budget_service.BASE_NAME:
        messages.error(request, _("Le budget de base ne se supprime pas : copiez-le pour essayer autre "
                                  "chose."))
        return redirect("finance:scenario", public_id=scenario.public_id)
    employer, year, name = scenario.employer, scenario.year, scenario.name
    scenario.delete()
    messages.success(request, _("Scénario « %(name)s » supprimé.") % {"name": name})
    return redirect("finance:budget_year", employer_id=employer.pk, year=year)


def _value_kind(key: str) -> str:
    if key.endswith("_cents"):
        return "money"
    return "fte"


@login_required
def compare(request, employer_id, year):
    employer = _employer(request, employer_id)
    year = _year(year)
    try:
        chosen = [uuid.UUID(value) for value in request.GET.getlist("s")]
    except ValueError:
        raise Http404 from None
    scenarios = BudgetScenario.objects.filter(employer=employer, year=year).order_by("created_at")
    if chosen:
        scenarios = scenarios.filter(public_id__in=chosen)
    scenarios = list(scenarios)
    scenarios.sort(key=lambda s: s.name != budget_service.BASE_NAME)
    if len(scenarios) < 2:
        messages.error(request, _("Choisissez au moins deux scénarios à comparer."))
        return redirect("finance:budget_year", employer_id=employer.pk, year=year)
    if len(scenarios) > MAX_COMPARED:
        messages.info(request, _("Les %(n)s premiers scénarios cochés sont comparés.") % {"n": MAX_COMPARED})
        scenarios = scenarios[:MAX_COMPARED]
    results = budget_service.compute(scenarios)
    comparison = engine.compare([r.budget for r in results])
    rows = []
    for row in comparison.rows:
        first = row.values[0]
        cells = []
        flags = row.assumed
        if row.key == "net_new_fte":  # December's FTE against the previous December's
            flags = tuple("volunteer_fte" in r.budget.months[-1].assumed for r in results)
        for index, (value, assumed) in enumerate(zip(row.values, flags, strict=True)):
            difference = None
            if index and value is not None and first is not None:
                difference = value - first
            cells.append({"value": value, "assumed": assumed, "difference": difference})
        rows.append({"key": row.key, "label": row.label, "kind": _value_kind(row.key), "cells": cells,
                     "strong": row.key == "balance_cents"})
    lines = [{line["label"]: line["value"] for line in _assumption_lines(r)} for r in results]
    labels = [(line["label"], line["editable"]) for line in _assumption_lines(results[0])]
    assumption_rows = [(label, editable, [own.get(label, "—") for own in lines])
                       for label, editable in labels]
    return render(request, "finance/budget_compare.html", {
        "employer": employer, "year": year, "results": results, "rows": rows,
        "assumption_rows": assumption_rows,
        "warnings": sorted({w for r in results for w in r.budget.warnings}),
    })
