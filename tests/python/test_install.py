import os
import pathlib
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.skipif(not os.environ.get("TRAPPE_BUILD_DIR"), reason="needs the CMake build folder (run by ctest)")
def test_offline_install_into_a_virtual_environment(tmp_path):
    venv = tmp_path / "venv"
    subprocess.check_call([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    python = venv / "bin" / "python"
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the installed package, not the build folder
    subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-index",
                           "--no-deps", str(ROOT)], env=env, cwd=tmp_path)
    code = ("import trappe, sys, importlib.metadata; r = trappe.load(sys.argv[1]); "
            "print(trappe.__file__); print(r.evaluate_frame(trappe.synthetic_population(100, 1))['trin'].notna().sum()); "
            "print(trappe.__version__, importlib.metadata.version('trappe'))")
    out = subprocess.check_output([str(python), "-c", code, str(ROOT / "rules" / "roskilde-2025")], env=env,
                                  cwd=tmp_path, text=True)
    location, count, version, installed_version = out.split()
    assert pathlib.Path(location).is_relative_to(venv)
    assert int(count) > 50
    assert version == installed_version  # the package's metadata has the library's version
