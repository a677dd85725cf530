"""A plain `pip install .` must carry the built-in routines inside the wheel and find them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_routines_and_an_installed_copy_loads_them(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            str(ROOT),
            "-w",
            str(wheels),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("coach-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {p.name for p in (ROOT / "routines").glob("*.yaml")}
    assert len(shipped) == 4
    assert {
        n.rsplit("/", 1)[1] for n in names if n.startswith("coach/builtin_routines/")
    } == shipped

    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import coach.routines as r; c = r.load_catalog(None); "
        "print(r.builtin_dir()); print(sorted(c.routines)); print(len(c.broken))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "COACH_HOME": str(tmp_path / "h")},
        check=True,
    )
    folder, ids, broken = out.stdout.splitlines()
    assert Path(folder).is_relative_to(site)
    assert ids == str(sorted(p.removesuffix(".yaml") for p in shipped))
    assert broken == "0"
