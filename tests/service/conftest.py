"""Starts `trappe serve` on a free loopback port for the service tests.

The binary comes from TRAPPE_CLI (set by ctest) or <repo>/build/trappe.
"""
import json
import os
import pathlib
import shutil
import signal
import subprocess
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("TRAPPE_CLI", str(ROOT / "build" / "trappe"))
PACK = "roskilde-2025"


class Server:
    """One running `trappe serve`; its stderr (announcements, reload reports) goes to a file."""

    def __init__(self, workdir, *extra, rules=None):
        self.workdir = pathlib.Path(workdir)
        self.rules = pathlib.Path(rules) if rules else self.workdir / "rules"
        if rules is None:
            shutil.copytree(ROOT / "rules", self.rules)
        self.access_log = self.workdir / "access.log"
        self.stderr_path = self.workdir / "stderr.log"
        self.stderr = open(self.stderr_path, "w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [CLI, "serve", str(self.rules / PACK), "--port", "0", "--threads", "2",
             "--access-log", str(self.access_log), *extra],
            stdout=subprocess.DEVNULL, stderr=self.stderr)
        try:
            self.port = self._wait_for_port()
        except BaseException:
            # Never leave a server behind, whatever failed (a busy machine can be slow to start it).
            self.proc.kill()
            self.proc.wait()
            self.stderr.close()
            raise
        self.url = f"http://127.0.0.1:{self.port}"

    def _wait_for_port(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = self.stderr_path.read_text(encoding="utf-8")
            for line in text.splitlines():
                if "listening on http://127.0.0.1:" in line:
                    return int(line.split("127.0.0.1:")[1].split()[0])
            if self.proc.poll() is not None:
                raise RuntimeError(f"trappe serve exited {self.proc.returncode}: {text}")
            time.sleep(0.02)
        raise RuntimeError("trappe serve did not announce its port")

    def pack_url(self, endpoint):
        return f"{self.url}/v1/packs/{PACK}/{endpoint}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve"), "--body-limit", "2000000", "--batch-limit", "16000000",
               "--idle-timeout", "1", "--request-timeout", "2")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def examples():
    lines = (ROOT / "examples" / "profiles" / "worked-examples.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def openapi_doc(server):
    response = requests.get(server.url + "/openapi.json", timeout=5)
    assert response.status_code == 200
    return response.json()
