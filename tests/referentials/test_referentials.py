"""Reference data read from packages and files, never typed in: the lookups users rely on."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jobfactory.referentials import naf, rome
from jobfactory.referentials.communes import CommuneFileError, read_cog, shipped_communes
from jobfactory.referentials.models import Commune


def test_the_nomenclature_has_its_732_subclasses_with_their_hierarchy():
    assert len(naf.nomenclature()) == 732
    bikes = naf.lookup("95.29Z")
    assert bikes.naf_class.code == "95.29"
    assert bikes.group.code == "95.2"
    assert bikes.division.code == "95"
    assert bikes.section.code == "S"


@pytest.mark.parametrize("typed", ["9529Z", "95.29z", "95 29 Z", " 95.29Z "])
def test_codes_are_accepted_as_people_type_them(typed):
    assert naf.normalise(typed) == "95.29Z"
    assert naf.lookup(typed).code == "95.29Z"


def test_unknown_codes_are_refused():
    with pytest.raises(naf.UnknownNafCode):
        naf.lookup("99.99Q")


def test_labels_exist_for_classes_and_groups():
    assert naf.label("95.2") == "Réparation de biens personnels et domestiques"
    assert naf.label("56.21Z") == "Services des traiteurs"  # the package's trailing space is trimmed
    assert naf.label("00.0") == ""


def test_rome_jobs_link_to_naf_divisions():
    job = rome.lookup("a1433")
    assert job.label.startswith("Maraîcher")
    assert "01" in job.naf_divisions
    assert len(rome.jobs()) > 1500
    assert all("95" in j.naf_divisions for j in rome.jobs_for_divisions({"95"}))
    grouped = rome.choices({"95"})
    assert grouped[0][0].startswith("Métiers liés")


def test_shipped_communes_are_loaded_by_the_migration(db):
    codes = {row.insee_code for row in shipped_communes()}
    assert {"59360", "59599", "59350"} <= codes
    assert set(Commune.objects.values_list("insee_code", flat=True)) >= codes


COG = ("TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"
       "COM,59360,32,59,59D,594,0,LOOS,Loos,Loos,5920,\n"
       "COMD,59355,32,59,59D,594,0,LOMME,Lomme,Lomme,,59350\n"
       "COM,62041,32,62,62D,621,0,ARRAS,Arras,Arras,6299,\n")


def test_the_official_commune_file_keeps_current_communes_of_a_department():
    rows = read_cog(COG.encode(), department="59")
    assert [(r.insee_code, r.name) for r in rows] == [("59360", "Loos")]


def test_a_file_that_is_not_the_cog_is_refused_with_the_missing_columns():
    with pytest.raises(CommuneFileError) as refused:
        read_cog(b"code;nom\n59360;Loos\n")
    assert "COM" in str(refused.value)


def test_import_communes_writes_only_with_apply(db, tmp_path):
    path = tmp_path / "v_commune_2025.csv"
    path.write_text(COG, encoding="utf-8")
    call_command("import_communes", str(path))
    assert not Commune.objects.filter(pk="62041").exists()
    call_command("import_communes", str(path), "--apply")
    assert Commune.objects.get(pk="62041").name == "Arras"
    assert "v_commune_2025.csv" in Commune.objects.get(pk="59360").source
    with pytest.raises(CommandError):
        call_command("import_communes", str(tmp_path / "missing.csv"))
