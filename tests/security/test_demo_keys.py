"""`make demo` prints the TOTP keys of the demo accounts that need one, so that one can log in."""

import base64
import io

from django.core.management.base import OutputWrapper

from jobfactory.demo.management.commands.load_demo import Command
from jobfactory.security.policy import enrol, must_use_second_factor
from jobfactory.territories.enums import Role
from tests.conftest import make_user


def test_the_printed_key_gives_the_codes_of_the_account(territory):
    team = make_user("equipe-loos", Role.TERRITORY_TEAM, territories=[territory])
    make_user("cle-loos", Role.COMMITTEE_MEMBER, territories=[territory])
    assert must_use_second_factor(team)
    device = enrol(team)
    out = io.StringIO()
    command = Command()
    command.stdout = OutputWrapper(out)
    command._print_logins()
    lines = {line.split()[0]: line for line in out.getvalue().splitlines() if line.startswith("  ")}
    printed = lines["equipe-loos"].rsplit("clé TOTP : ", 1)[1].strip()
    key = base64.b32decode(printed + "=" * (-len(printed) % 8))
    assert key == device.bin_key
    assert "TOTP" not in lines["cle-loos"]
