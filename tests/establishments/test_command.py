import pytest
from django.core.management import CommandError, call_command

from jobfactory.establishments.models import Establishment, SireneImport

from .conftest import write_csv_without

pytestmark = pytest.mark.django_db
COMMUNES = "59360,59350, 59599"


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_sirene", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_the_dry_run_reports_and_writes_nothing(programme, sample_zip):
    out = run(str(sample_zip), "--programme", programme.name, "--communes", COMMUNES)
    assert "Lignes lues : 20" in out
    assert "Établissements retenus (communes du programme) : 11" in out
    assert "Lignes invalides écartées : 5" in out
    assert "ligne 11 : SIRET invalide" in out
    assert "--apply" in out
    assert not SireneImport.objects.exists() and not Establishment.objects.exists()


def test_apply_imports(programme, sample_zip):
    out = run(str(sample_zip), "--programme", str(programme.pk), "--communes", COMMUNES, "--apply")
    assert "Import terminé : 11 établissement(s)" in out
    assert Establishment.objects.filter(programme=programme).count() == 11
    assert SireneImport.objects.get().is_current


def test_errors_stop_the_command(programme, sample_zip, tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run(str(tmp_path / "absent.zip"), "--programme", programme.name, "--communes", COMMUNES)
    with pytest.raises(CommandError, match="Programme inconnu"):
        run(str(sample_zip), "--programme", "Nulle part", "--communes", COMMUNES)
    broken = write_csv_without(tmp_path, "etatAdministratifEtablissement")
    with pytest.raises(CommandError, match="etatAdministratifEtablissement"):
        run(str(broken), "--programme", programme.name, "--communes", COMMUNES)
    with pytest.raises(CommandError, match="etatAdministratifEtablissement"):
        run(str(broken), "--programme", programme.name, "--communes", COMMUNES, "--apply")
    assert not Establishment.objects.exists()
