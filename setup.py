"""Builds the native module with CMake; see docs/python.md.

Offline, into a virtual environment that sees Debian's numpy and pandas:

    python3 -m venv --system-site-packages .venv
    .venv/bin/pip install --no-build-isolation --no-index .

Set TRAPPE_BUILD_DIR to reuse a configured CMake build folder.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


# One version for the library, the CLI and the package: CMake's project(VERSION).
VERSION = re.search(r"project\(trappe VERSION (\S+)", (ROOT / "CMakeLists.txt").read_text()).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.environ.get("TRAPPE_BUILD_DIR")
        if not build_dir:
            build_dir = str(pathlib.Path(self.build_temp).resolve() / "cmake")
            subprocess.check_call(["cmake", "-S", str(ROOT), "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                                   "-DTRAPPE_BUILD_TESTS=OFF", "-DTRAPPE_BUILD_BENCH=OFF", "-DTRAPPE_BUILD_CLI=OFF",
                                   "-DTRAPPE_INSTALL=OFF", "-DTRAPPE_BUILD_PYTHON=ON",
                                   f"-DPython3_EXECUTABLE={sys.executable}"])
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_trappe", "--parallel"])
        built = next((pathlib.Path(build_dir) / "python" / "trappe").glob("_trappe*.so"))
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built, target)


setup(
    version=VERSION,
    packages=["trappe"],
    package_dir={"trappe": "bindings/python/trappe"},
    package_data={"trappe": ["py.typed", "*.pyi"]},
    ext_modules=[Extension("trappe._trappe", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
