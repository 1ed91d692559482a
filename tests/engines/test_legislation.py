"""The SMIC as read from OpenFisca-France's parameters (version pinned in pyproject)."""

from datetime import date
from decimal import Decimal

import pytest

from jobfactory.engines.legislation import NoParameterValue, SmicSchedule, smic_schedule

PINNED_OPENFISCA_FRANCE = "176.1.8"


@pytest.fixture(scope="module")
def smic() -> SmicSchedule:
    return smic_schedule()


@pytest.mark.parametrize(
    ("on", "hourly"),
    [
        (date(2002, 1, 1), "6.67"),
        (date(2024, 10, 31), "11.65"),
        (date(2024, 11, 1), "11.88"),
        (date(2025, 12, 31), "11.88"),
        (date(2026, 1, 1), "12.02"),
        (date(2026, 5, 31), "12.02"),
        (date(2026, 6, 1), "12.31"),
        (date(2030, 1, 1), "12.31"),  # the latest value stays in force until the next one
    ],
)
def test_hourly_gross_smic_in_force_on_a_date(smic, on, hourly):
    assert smic.rate_on(on).hourly_gross == Decimal(hourly)


def test_a_rate_starts_on_the_day_of_its_revaluation(smic):
    assert smic.rate_on(date(2026, 1, 1)).starts_on == date(2026, 1, 1)
    assert smic.rate_on(date(2026, 3, 15)).starts_on == date(2026, 1, 1)
    assert smic.rate_on(date(2026, 6, 1)).starts_on == date(2026, 6, 1)


def test_each_rate_carries_its_legal_reference(smic):
    rate = smic.rate_on(date(2026, 1, 1))
    assert rate.reference.startswith("Décret n° 2025-1228 du 17/12/2025")
    assert rate.reference_url and rate.reference_url.startswith("https://www.legifrance.gouv.fr/")
    assert smic.rate_on(date(2024, 11, 1)).reference.startswith("Décret n° 2024-951")


def test_no_smic_before_the_euro_values(smic):
    with pytest.raises(NoParameterValue, match="2001-12-31"):
        smic.rate_on(date(2001, 12, 31))
    with pytest.raises(LookupError):
        smic.rate_on(date(1990, 6, 1))


def test_schedule_holds_only_euro_values_in_chronological_order(smic):
    starts = [rate.starts_on for rate in smic.rates]
    assert starts == sorted(starts)
    assert len(set(starts)) == len(starts)
    assert starts[0] == date(2002, 1, 1)
    # Franc values (about 40 F an hour) would be an order of magnitude above the euro ones.
    assert all(Decimal("6") < rate.hourly_gross < Decimal("20") for rate in smic.rates)
    hourly = [rate.hourly_gross for rate in smic.rates]
    assert hourly == sorted(hourly)  # the SMIC has never gone down


def test_source_names_openfisca_france_and_its_pinned_version(smic):
    assert "OpenFisca-France" in smic.source
    assert PINNED_OPENFISCA_FRANCE in smic.source
    assert "smic_b_horaire" in smic.source
