import pytest

from jobfactory.establishments.evidence import (
    SURROUNDING,
    TERRITORY,
    LevelCounts,
    establishment_evidence,
    evidence_source,
)
from jobfactory.establishments.importer import import_sirene
from jobfactory.territories.models import Programme

from .conftest import COMMUNES, LILLE, LOOS, TOURCOING

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(programme, sample_zip):
    return import_sirene(sample_zip, programme, communes=COMMUNES)


def evidence(programme, codes, **options):
    return establishment_evidence(programme, codes, {LOOS}, {LILLE, TOURCOING}, **options)


def test_counts_at_three_levels_and_two_zones(programme, imported, django_assert_num_queries):
    with django_assert_num_queries(4):  # source, counts of all codes, one list per code
        bakery, bikes = evidence(programme, ["10.71C", "95.29Z"])
    # Loos: the bakery, the non-public one (the closed bakery is not counted); around: Lille's.
    assert bakery.subclass == LevelCounts("10.71C", territory=2, surrounding=1, micro=2, not_public=1)
    # + the pastry shops: Loos (unknown band, not micro) and Tourcoing (3 to 5 employees).
    assert bakery.same_class == LevelCounts("10.71", territory=3, surrounding=2, micro=3, not_public=1)
    # + the biscuit maker in Loos (10.72Z).
    assert bakery.same_group == LevelCounts("10.7", territory=4, surrounding=2, micro=4, not_public=1)
    assert bikes.subclass == LevelCounts("95.29Z", territory=1, surrounding=1, micro=1, not_public=0)
    assert bikes.same_group.total == 2
    assert bakery.imported_on == imported.started_at.date()


def test_the_list_shows_public_details_and_hides_the_others(programme, imported):
    (bakery,) = evidence(programme, ["10.71C"])
    labels = [(line.label, line.zone, line.same_subclass) for line in bakery.establishments]
    assert labels == [
        ("LE FOURNIL DE LOOS", TERRITORY, True), ("non diffusible", TERRITORY, True),
        ("MAISON DUPAIN", SURROUNDING, True), ("PATISSERIE NOUVELLE", TERRITORY, False),
        ("DOUCEURS DU TRIANGLE", SURROUNDING, False)]
    public, hidden = bakery.establishments[:2]
    assert (public.siret, public.street, public.postcode) == ("90000000100011", "12 RUE DU MARECHAL FOCH",
                                                              "59120")
    assert public.is_micro and public.naf_code == "10.71C" and public.commune_code == LOOS
    assert (hidden.siret, hidden.name, hidden.street, hidden.postcode) == ("", "", "", "")
    assert not hidden.is_public and hidden.is_micro and hidden.commune_code == LOOS


def test_the_list_is_cut_at_the_sample_size(programme, imported):
    (bakery,) = evidence(programme, ["10.71C"], sample=2)
    assert [line.label for line in bakery.establishments] == ["LE FOURNIL DE LOOS", "non diffusible"]
    assert bakery.same_class.total == 5  # the counts are not cut


def test_closed_establishments_are_never_counted(programme, imported):
    (cobbler,) = evidence(programme, ["52.7C"])  # only a closed one, coded in NAF rev. 1
    assert cobbler.same_group.total == 0 and cobbler.establishments == ()


def test_another_programme_sees_nothing(imported):
    other = Programme.objects.create(name="Autre métropole")
    (bakery,) = evidence(other, ["10.71C"])
    assert bakery.same_group.total == 0 and bakery.imported_on is None
    assert evidence_source(other) is None


def test_a_commune_in_both_zones_counts_for_the_territory(programme, imported):
    (bakery,) = establishment_evidence(programme, ["10.71C"], {LOOS, LILLE}, {LILLE})
    assert (bakery.subclass.territory, bakery.subclass.surrounding) == (3, 0)


def test_source_is_the_current_import(programme, sample_zip, imported):
    newer = import_sirene(sample_zip, programme, communes=COMMUNES)
    assert evidence_source(programme) == newer
    assert evidence(programme, []) == []
