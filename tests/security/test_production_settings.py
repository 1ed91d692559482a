"""The production settings pass Django's deployment checks, and refuse a weak key."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("DJANGO_", "JOBFACTORY_"))}
    environment.update({"DJANGO_SETTINGS_MODULE": "jobfactory.settings", "JOBFACTORY_PRODUCTION": "1",
                        "DJANGO_ALLOWED_HOSTS": "jobfactory.example.org",
                        "JOBFACTORY_VAR_DIR": env.pop("var_dir")} | env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,  # noqa: S603
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean(tmp_path):
    key = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))
    result = manage("check", "--deploy", "--fail-level", "WARNING", var_dir=str(tmp_path),
                    DJANGO_SECRET_KEY=key)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "no issues" in result.stdout


def test_production_refuses_the_development_key_and_a_short_one(tmp_path):
    for key in (None, "too-short-a-key"):
        extra = {"DJANGO_SECRET_KEY": key} if key else {}
        result = manage("check", var_dir=str(tmp_path), **extra)
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY must be set in production" in result.stderr
