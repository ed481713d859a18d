"""``oscmd --local`` without the ``local`` extra: a usage error that names the extra, not an API failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.runner import REPO, base_environ


def test_local_without_moto_says_which_extra_to_install(tmp_path: Path) -> None:
    hidden = tmp_path / "hidden"
    (hidden / "moto").mkdir(parents=True)
    # A moto that is not there: importing it fails as it does when the extra is not installed.
    (hidden / "moto" / "__init__.py").write_text('raise ModuleNotFoundError("No module named \'moto\'", name="moto")\n')
    home = tmp_path / "home"
    home.mkdir()
    env = {**base_environ(home), "PYTHONPATH": f"{hidden}:{REPO}"}
    proc = subprocess.run([sys.executable, "-m", "oscmd_shell", "--local", "instance", "list"], capture_output=True,
                          text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == ("oscmd: --local needs moto's EC2 server, which is not installed (no module moto): "
                           "install oscmd[local] (pip install 'oscmd[local]')\n")
